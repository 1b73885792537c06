//! Output directories: one run at a time, committed whole, verified when read back.
//!
//! A directory that `slant analyze` or `slant merge` writes is either the complete previous
//! run or the complete new one, never a mix:
//!
//! - **One writer.** [`OutputDir::open`] takes an exclusive `flock` on the directory itself (no
//!   lock file), so a second run into it is refused at once; the kernel drops the lock when the
//!   process ends, however it ends. Holding it, the run removes whatever an earlier run that was
//!   killed left behind: every entry whose name starts with `.slant-`.
//! - **Tables are staged.** Each table is written to a hidden temporary file
//!   (`.slant-NAME.XXXXXX.tmp`) beside its final name ([`TempFile`]), flushed to disk, and its
//!   size and sha256 taken.
//! - **The manifest is the commit record.** [`OutputDir::commit`] moves the old manifest aside
//!   first, then every table of a previous run (of either format), then renames the new tables
//!   in and the new `manifest.json` last; the old files are deleted only once all of that
//!   succeeded. If any step fails (a file made immutable, a directory in the way, a full disk),
//!   what was done is undone and the previous run is left as it was. Only a SIGKILL or a power
//!   loss in the middle of the renames can leave a directory with no `manifest.json`, and no
//!   reader accepts such a directory.
//! - **Readers verify.** [`Committed::open`] reads `manifest.json` and checks that every table
//!   it lists is there with its size; [`Committed::table`] checks a table's sha256 before it is
//!   read. A directory whose tables do not match its manifest is refused, naming the file.
//! - **Signals.** Temporary files are registered while they exist; on SIGINT, SIGTERM or SIGHUP
//!   the command line ([`crate::cli`]) removes them ([`remove_temporary_files`]) and exits with
//!   128 + the signal number. A commit holds the registry while it renames, so a signal never
//!   interrupts it half-way.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use sha2::{Digest, Sha256};
use tempfile::NamedTempFile;

/// Every table a run writes, in the order of the manifest.
pub const TABLES: [&str; 9] = [
    "documents",
    "hits",
    "counts",
    "quotes",
    "outlets",
    "contrasts",
    "series",
    "keyness",
    "distances",
];

/// The extensions a table may have been written with.
const EXTENSIONS: [&str; 2] = ["parquet", "csv"];

/// Names of slant's hidden working files start with this.
const HIDDEN: &str = ".slant-";

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write to output directory {dir}: {cause}; choose another with -o DIR")]
    Directory { dir: String, cause: io::Error },
    #[error("{dir}: another slant run is writing to this directory; wait for it to end, or choose another with -o DIR")]
    Busy { dir: String },
    #[error("{dir}: {message}")]
    Commit { dir: String, message: String },
    #[error("{path}: {message}")]
    Read { path: String, message: String },
}

// ---------------------------------------------------------------------------------------------
// Temporary files, registered for removal on a signal.

/// Paths of the temporary files that exist now, by registration number.
static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    next: 0,
    paths: BTreeMap::new(),
});

struct Registry {
    next: u64,
    paths: BTreeMap<u64, PathBuf>,
}

/// Held by a commit while it renames, and by the signal handler before it removes anything.
static COMMITTING: Mutex<()> = Mutex::new(());

fn registry() -> MutexGuard<'static, Registry> {
    // A panic while the registry was held leaves it usable: its map is always consistent.
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// Waits for a commit in progress to end, removes every temporary file slant has open and
/// returns with the registry held, so that no new one is made before the process exits. For
/// the command line's signal handler.
pub fn remove_temporary_files() -> impl Sized {
    let commit = COMMITTING.lock().unwrap_or_else(|e| e.into_inner());
    let guard = registry();
    for path in guard.paths.values() {
        let _ = std::fs::remove_file(path);
    }
    (commit, guard)
}

/// A hidden temporary file beside its final place, removed when dropped (or on a signal)
/// unless it was renamed into place with [`TempFile::persist`].
pub struct TempFile {
    file: NamedTempFile,
    _registered: Registered,
}

/// A temporary file's place in the registry, left when dropped.
struct Registered(u64);

impl Drop for Registered {
    fn drop(&mut self) {
        registry().paths.remove(&self.0);
    }
}

impl TempFile {
    /// Creates `.slant-NAME.XXXXXX.tmp` in `dir`, readable like any file the user writes
    /// (tempfile's default is owner-only).
    pub fn create(dir: &Path, name: &str) -> io::Result<TempFile> {
        let prefix = format!("{HIDDEN}{name}.");
        let mut b = tempfile::Builder::new();
        b.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            b.permissions(std::fs::Permissions::from_mode(0o644));
        }
        // Created and registered under the lock: a signal handler that holds it sees every file.
        let mut reg = registry();
        let file = b.tempfile_in(dir)?;
        let id = reg.next;
        reg.next += 1;
        reg.paths.insert(id, file.path().to_path_buf());
        Ok(TempFile {
            file,
            _registered: Registered(id),
        })
    }

    pub fn path(&self) -> &Path {
        self.file.path()
    }

    pub fn as_file(&self) -> &File {
        self.file.as_file()
    }

    /// A second handle on the file, for a writer that owns its file.
    pub fn reopen(&self) -> io::Result<File> {
        self.file.reopen()
    }

    /// Renames the file to `to`.
    pub fn persist(self, to: &Path) -> io::Result<()> {
        let TempFile { file, _registered } = self;
        file.persist(to).map(|_| ()).map_err(|e| e.error)
    }
}

/// Writes a whole file under a temporary name beside it and renames it into place, so that a
/// failure or a signal never leaves a half-written file at `path`.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = TempFile::create(dir, &name)?;
    let mut f = tmp.as_file();
    io::Write::write_all(&mut f, contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path)
}

// ---------------------------------------------------------------------------------------------
// Writing a directory.

/// A table written to its temporary file, ready to be committed.
pub struct Staged {
    pub name: &'static str,
    pub file: String,
    pub rows: u64,
    pub tmp: TempFile,
}

/// A committed table, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableEntry {
    pub name: String,
    pub file: String,
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

/// An output directory held by this run.
pub struct OutputDir {
    path: PathBuf,
    /// The directory, opened and `flock`ed; the lock lasts as long as this handle.
    _lock: File,
}

impl OutputDir {
    /// Creates the directory if needed, takes its lock and removes what an earlier run that
    /// was killed left in it.
    pub fn open(path: &Path) -> Result<OutputDir, OutputError> {
        let fail = |cause: io::Error| OutputError::Directory {
            dir: path.display().to_string(),
            cause,
        };
        std::fs::create_dir_all(path).map_err(fail)?;
        let lock = File::open(path).map_err(fail)?;
        if !lock.metadata().map_err(fail)?.is_dir() {
            return Err(fail(io::Error::other("not a directory")));
        }
        lock_exclusive(&lock, path)?;
        let dir = OutputDir {
            path: path.to_path_buf(),
            _lock: lock,
        };
        dir.remove_leftovers().map_err(fail)?;
        Ok(dir)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The table files the directory's current manifest lists (only plain names of tables).
    fn previous_tables(&self) -> Vec<String> {
        let Ok(text) = std::fs::read_to_string(self.path.join("manifest.json")) else {
            return Vec::new();
        };
        let Ok(manifest) = serde_json::from_str::<serde_json::Value>(&text) else {
            return Vec::new();
        };
        let mut files = Vec::new();
        for t in manifest["tables"].as_array().into_iter().flatten() {
            if let Some(file) = t["file"].as_str().filter(|f| is_table_file(f)) {
                if !files.iter().any(|f: &String| f == file) {
                    files.push(file.to_string());
                }
            }
        }
        files
    }

    /// Removes what an earlier run left. If it was killed in the middle of its commit (the
    /// previous run's manifest is aside and no new one is in place), the previous run is put
    /// back first.
    fn remove_leftovers(&self) -> io::Result<()> {
        let aside = self.path.join(format!("{HIDDEN}old-manifest.json"));
        if aside.is_file() && !self.path.join("manifest.json").exists() {
            for entry in std::fs::read_dir(&self.path)? {
                let name = entry?.file_name().to_string_lossy().into_owned();
                if let Some(file) = name.strip_prefix(&format!("{HIDDEN}old-")) {
                    if file != "manifest.json" {
                        std::fs::rename(self.path.join(&name), self.path.join(file))?;
                    }
                }
            }
            std::fs::rename(&aside, self.path.join("manifest.json"))?;
        }
        for entry in std::fs::read_dir(&self.path)? {
            let entry = entry?;
            let hidden = entry.file_name().to_string_lossy().starts_with(HIDDEN);
            if hidden && entry.file_type()?.is_file() {
                std::fs::remove_file(entry.path())?;
            }
        }
        Ok(())
    }

    /// A temporary file for table `name` (or the manifest).
    pub fn temp_file(&self, name: &str) -> Result<TempFile, OutputError> {
        TempFile::create(&self.path, name).map_err(|cause| OutputError::Directory {
            dir: self.path.display().to_string(),
            cause,
        })
    }

    /// Flushes the staged tables to disk and takes their sizes and checksums.
    pub fn entries(&self, staged: &[Staged]) -> Result<Vec<TableEntry>, OutputError> {
        staged
            .iter()
            .map(|s| {
                let fail = |cause: io::Error| OutputError::Directory {
                    dir: self.path.display().to_string(),
                    cause,
                };
                s.tmp.as_file().sync_all().map_err(fail)?;
                let (bytes, sha256) = hash_file(s.tmp.path()).map_err(fail)?;
                Ok(TableEntry {
                    name: s.name.to_string(),
                    file: s.file.clone(),
                    rows: s.rows,
                    bytes,
                    sha256,
                })
            })
            .collect()
    }

    /// Replaces the directory's run with the staged tables and `manifest` (the text of
    /// manifest.json), all or nothing (see the module docs).
    pub fn commit(&self, staged: Vec<Staged>, manifest: &str) -> Result<(), OutputError> {
        let dir = self.path.display().to_string();
        let failed = |message: String| OutputError::Commit {
            dir: dir.clone(),
            message,
        };
        let manifest_tmp = self.temp_file("manifest.json")?;
        {
            let mut f = manifest_tmp.as_file();
            io::Write::write_all(&mut f, manifest.as_bytes())
                .and_then(|()| manifest_tmp.as_file().sync_all())
                .map_err(|e| failed(format!("cannot write manifest.json: {e}")))?;
        }
        // What the previous run owns (its manifest and the tables it lists, of any format) and
        // the names the new run writes, manifest first. Nothing else in the directory is
        // touched: a user's own `outlets.csv` beside the tables stays.
        let mut old: Vec<String> = vec!["manifest.json".to_string()];
        old.extend(self.previous_tables());
        for s in &staged {
            if !old.contains(&s.file) {
                old.push(s.file.clone());
            }
        }
        // No signal handler runs until the directory is consistent again.
        let _held = COMMITTING.lock().unwrap_or_else(|e| e.into_inner());
        let mut swap = Swap {
            dir: &self.path,
            moved_aside: Vec::new(),
            placed: Vec::new(),
        };
        let result = (|| {
            for file in &old {
                swap.move_aside(file)?;
            }
            for s in staged {
                swap.place(s.tmp, &s.file)?;
            }
            swap.place(manifest_tmp, "manifest.json")
        })();
        match result {
            Ok(()) => {
                swap.delete_old();
                sync_dir(&self.path);
                Ok(())
            }
            Err(message) => {
                let kept = swap.undo();
                Err(failed(if kept {
                    format!("{message}; the previous run's tables are left as they were")
                } else {
                    format!("{message}, and the previous run could not be restored: the directory has no manifest.json, so no slant command will read it; run again")
                }))
            }
        }
    }
}

/// The renames of one commit, so that they can be undone.
struct Swap<'d> {
    dir: &'d Path,
    /// (final name, hidden name) of the previous run's files moved aside.
    moved_aside: Vec<(PathBuf, PathBuf)>,
    /// Final paths of the new files renamed in.
    placed: Vec<PathBuf>,
}

impl Swap<'_> {
    fn move_aside(&mut self, file: &str) -> Result<(), String> {
        let from = self.dir.join(file);
        match std::fs::symlink_metadata(&from) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(format!("cannot replace {file}: {e}")),
            Ok(m) if m.is_dir() => {
                return Err(format!(
                    "{file} is a directory; move it out of the way, or choose another -o DIR"
                ))
            }
            Ok(_) => {}
        }
        let aside = self.dir.join(format!("{HIDDEN}old-{file}"));
        std::fs::rename(&from, &aside).map_err(|e| format!("cannot replace {file}: {e}"))?;
        self.moved_aside.push((from, aside));
        Ok(())
    }

    fn place(&mut self, tmp: TempFile, file: &str) -> Result<(), String> {
        let to = self.dir.join(file);
        tmp.persist(&to)
            .map_err(|e| format!("cannot write {file}: {e}"))?;
        self.placed.push(to);
        Ok(())
    }

    /// Undoes the renames; whether the previous run is whole again.
    fn undo(self) -> bool {
        let mut ok = true;
        for path in self.placed.iter().rev() {
            ok &= std::fs::remove_file(path).is_ok();
        }
        for (from, aside) in self.moved_aside.iter().rev() {
            ok &= std::fs::rename(aside, from).is_ok();
        }
        sync_dir(self.dir);
        ok
    }

    fn delete_old(self) {
        for (_, aside) in &self.moved_aside {
            // what cannot be deleted now, the next run into the directory removes
            let _ = std::fs::remove_file(aside);
        }
    }
}

fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn lock_exclusive(dir: &File, path: &Path) -> Result<(), OutputError> {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock on a descriptor this function's caller owns and keeps open.
        let r = unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if r != 0 {
            let e = io::Error::last_os_error();
            // File systems without flock on a directory (NFS emulates it with fcntl locks,
            // which a directory cannot take): the run goes on without the lock.
            if matches!(
                e.raw_os_error(),
                Some(libc::EBADF | libc::ENOLCK | libc::EOPNOTSUPP | libc::EINVAL)
            ) {
                return Ok(());
            }
            return Err(if e.kind() == io::ErrorKind::WouldBlock {
                OutputError::Busy {
                    dir: path.display().to_string(),
                }
            } else {
                OutputError::Directory {
                    dir: path.display().to_string(),
                    cause: e,
                }
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (dir, path);
    Ok(())
}

/// Whether `file` is the plain name of one of slant's tables (`hits.parquet`), never a path.
fn is_table_file(file: &str) -> bool {
    file.split_once('.')
        .is_some_and(|(name, ext)| TABLES.contains(&name) && EXTENSIONS.contains(&ext))
}

/// Size and sha256 (lower-case hex) of a file.
pub fn hash_file(path: &Path) -> io::Result<(u64, String)> {
    let mut f = File::open(path)?;
    let mut sha = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut bytes = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        sha.update(&buf[..n]);
        bytes += n as u64;
    }
    Ok((bytes, hex(&sha.finalize())))
}

/// Bytes as lower-case hex, as every sha256 in a manifest is written.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

// ---------------------------------------------------------------------------------------------
// Reading a directory back.

/// A directory that a complete run wrote: its manifest, checked against its files.
pub struct Committed {
    pub dir: PathBuf,
    pub manifest: serde_json::Value,
    tables: Vec<TableEntry>,
}

impl Committed {
    /// Reads `DIR/manifest.json` and checks that every table it lists is there, with the size
    /// it lists.
    pub fn open(dir: &Path) -> Result<Committed, OutputError> {
        let path = dir.join("manifest.json");
        let read = |message: String| OutputError::Read {
            path: path.display().to_string(),
            message,
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let listing = dir.is_dir();
                return Err(read(if listing {
                    "missing: this is not the output of a complete `slant analyze -o DIR` (a run that was stopped leaves none); run it again".into()
                } else {
                    "cannot read it: give the output directory of `slant analyze -o DIR`".into()
                }));
            }
            Err(e) => return Err(read(format!("cannot read it: {e}"))),
        };
        let manifest: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| read(format!("not valid JSON: {e}")))?;
        let tables: Vec<TableEntry> = match manifest.get("tables") {
            Some(t) => serde_json::from_value(t.clone()).map_err(|_| {
                read("its tables have no sizes and checksums: it was written by an older slant; run `slant analyze` again".into())
            })?,
            None => return Err(read("lists no tables; give the output directory of `slant analyze -o DIR`".into())),
        };
        for t in &tables {
            if !is_table_file(&t.file) || !t.file.starts_with(&format!("{}.", t.name)) {
                return Err(read(format!(
                    "lists `{}` as its {} table, which is not a table's file name; run `slant analyze` again",
                    t.file, t.name
                )));
            }
            let file = dir.join(&t.file);
            let bytes = std::fs::metadata(&file)
                .map_err(|e| OutputError::Read {
                    path: file.display().to_string(),
                    message: format!("listed in manifest.json but cannot be read ({e}); the directory is incomplete: run `slant analyze` again"),
                })?
                .len();
            if bytes != t.bytes {
                return Err(mismatch(
                    &file,
                    &format!("{bytes} bytes, not the {} bytes", t.bytes),
                ));
            }
        }
        Ok(Committed {
            dir: dir.to_path_buf(),
            manifest,
            tables,
        })
    }

    /// The path of table `name`, after checking its sha256 against the manifest.
    pub fn table(&self, name: &str) -> Result<PathBuf, OutputError> {
        let entry =
            self.tables
                .iter()
                .find(|t| t.name == name)
                .ok_or_else(|| OutputError::Read {
                    path: self.dir.join("manifest.json").display().to_string(),
                    message: format!("lists no `{name}` table; run `slant analyze` again"),
                })?;
        let path = self.dir.join(&entry.file);
        let (bytes, sha256) = hash_file(&path).map_err(|e| OutputError::Read {
            path: path.display().to_string(),
            message: format!("cannot read it: {e}"),
        })?;
        if bytes != entry.bytes || sha256 != entry.sha256 {
            return Err(mismatch(&path, "a sha256 other than the one"));
        }
        Ok(path)
    }

    /// Every table the manifest lists.
    pub fn tables(&self) -> &[TableEntry] {
        &self.tables
    }
}

fn mismatch(file: &Path, what: &str) -> OutputError {
    OutputError::Read {
        path: file.display().to_string(),
        message: format!(
            "has {what} manifest.json lists: the file was changed or the directory mixes two runs; run `slant analyze` again"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(dir: &OutputDir, name: &'static str, ext: &str, text: &str) -> Staged {
        let tmp = dir.temp_file(name).unwrap();
        std::fs::write(tmp.path(), text).unwrap();
        Staged {
            name,
            file: format!("{name}.{ext}"),
            rows: 1,
            tmp,
        }
    }

    fn commit(dir: &OutputDir, ext: &str, text: &str) -> Result<(), OutputError> {
        let staged = vec![
            stage(dir, "documents", ext, text),
            stage(dir, "hits", ext, text),
        ];
        let entries = dir.entries(&staged).unwrap();
        let manifest = serde_json::json!({ "tables": entries }).to_string();
        dir.commit(staged, &manifest)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_commit_replaces_the_previous_run_and_its_other_format() {
        let t = tempfile::tempdir().unwrap();
        let out = t.path().join("out");
        {
            let dir = OutputDir::open(&out).unwrap();
            commit(&dir, "parquet", "old").unwrap();
        }
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let dir = OutputDir::open(&out).unwrap();
        commit(&dir, "csv", "new").unwrap();
        assert_eq!(
            names(&out),
            ["documents.csv", "hits.csv", "manifest.json", "notes.txt"]
        );
        let c = Committed::open(&out).unwrap();
        assert_eq!(
            std::fs::read_to_string(c.table("hits").unwrap()).unwrap(),
            "new"
        );
    }

    #[test]
    fn files_the_run_did_not_write_are_kept() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join("counts.csv"), "mine").unwrap();
        std::fs::write(t.path().join("outlets.csv"), "my manifest").unwrap();
        let dir = OutputDir::open(t.path()).unwrap();
        commit(&dir, "parquet", "new").unwrap();
        assert_eq!(
            std::fs::read_to_string(t.path().join("counts.csv")).unwrap(),
            "mine"
        );
        assert_eq!(
            std::fs::read_to_string(t.path().join("outlets.csv")).unwrap(),
            "my manifest"
        );
    }

    #[test]
    fn a_run_killed_mid_commit_is_put_back() {
        let t = tempfile::tempdir().unwrap();
        {
            let dir = OutputDir::open(t.path()).unwrap();
            commit(&dir, "parquet", "old").unwrap();
        }
        // as a SIGKILL after the manifest and one table were moved aside
        for f in ["manifest.json", "hits.parquet"] {
            std::fs::rename(t.path().join(f), t.path().join(format!(".slant-old-{f}"))).unwrap();
        }
        std::fs::write(t.path().join("hits.parquet"), "half new").unwrap();
        let _dir = OutputDir::open(t.path()).unwrap();
        assert_eq!(
            names(t.path()),
            ["documents.parquet", "hits.parquet", "manifest.json"]
        );
        let c = Committed::open(t.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(c.table("hits").unwrap()).unwrap(),
            "old"
        );
    }

    #[test]
    fn a_second_writer_is_refused_and_leftovers_are_removed() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join(".slant-hits.abc123.tmp"), "killed").unwrap();
        let dir = OutputDir::open(t.path()).unwrap();
        assert!(names(t.path()).is_empty());
        assert!(matches!(
            OutputDir::open(t.path()),
            Err(OutputError::Busy { .. })
        ));
        drop(dir);
        OutputDir::open(t.path()).unwrap();
    }

    #[test]
    fn a_failed_commit_leaves_the_previous_run() {
        let t = tempfile::tempdir().unwrap();
        let dir = OutputDir::open(t.path()).unwrap();
        commit(&dir, "parquet", "old").unwrap();
        // a directory where the new run's table goes
        std::fs::create_dir(t.path().join("hits.csv")).unwrap();
        let e = commit(&dir, "csv", "new").unwrap_err().to_string();
        assert!(e.contains("hits.csv is a directory"), "{e}");
        assert!(e.contains("left as they were"), "{e}");
        assert_eq!(
            names(t.path()),
            [
                "documents.parquet",
                "hits.csv",
                "hits.parquet",
                "manifest.json"
            ]
        );
        let c = Committed::open(t.path()).unwrap();
        assert_eq!(
            std::fs::read_to_string(c.table("hits").unwrap()).unwrap(),
            "old"
        );
    }

    #[test]
    fn readers_refuse_a_table_that_does_not_match() {
        let t = tempfile::tempdir().unwrap();
        let dir = OutputDir::open(t.path()).unwrap();
        commit(&dir, "parquet", "old").unwrap();
        std::fs::write(t.path().join("hits.parquet"), "new").unwrap();
        let c = Committed::open(t.path()).unwrap();
        let e = c.table("hits").unwrap_err().to_string();
        assert!(e.contains("hits.parquet: has a sha256 other than"), "{e}");
        std::fs::write(t.path().join("hits.parquet"), "newer").unwrap();
        let e = Committed::open(t.path()).err().unwrap().to_string();
        assert!(
            e.contains("hits.parquet: has 5 bytes, not the 3 bytes"),
            "{e}"
        );
        std::fs::remove_file(t.path().join("manifest.json")).unwrap();
        let e = Committed::open(t.path()).err().unwrap().to_string();
        assert!(e.contains("manifest.json: missing"), "{e}");
    }
}
