//! The HTML report in a real browser: `slant report --html` on seed articles carrying script
//! payloads, rendered by headless Chromium (Debian's `chromium` package, which .ci/run
//! installs). The charts must draw (coloured pixels in a screenshot, every SVG in the DOM) and
//! nothing from the corpus may execute.
//!
//! Without Chromium the browser half is skipped with a message, unless SLANT_REQUIRE_CHROMIUM
//! is set (as .ci/run does), in which case its absence fails the test. The checks of the
//! file itself always run.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_slant");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Payloads that, if they ran, would leave `PWNED` (built by concatenation, so the source text
/// never contains it) in the title or a `<pwned>` element in the DOM.
const SCRIPT: &str =
    "<script>document.title='PW'+'NED';document.body.setAttribute('data-pw'+'ned','1')</script>";
const IMG: &str = "\"><img src=x onerror=\"document.title='PW'+'NED';document.body.appendChild(document.createElement('pw'+'ned'))\">";
const SVG: &str = "<svg onload=\"document.title='PW'+'NED'\"></svg>";

fn seed(name: &str) -> String {
    fs::read_to_string(Path::new(ROOT).join("data").join(name)).unwrap()
}

/// Three seed articles, the payloads next to terms the lexicons count (so they appear in the
/// hits-in-context samples), one outlet named with markup.
fn hostile_corpus(dir: &Path) -> PathBuf {
    let press_tv = seed("004_4b91d925b82a1461.txt").replace(
        "the Takfiri Daesh terrorists",
        &format!("the Takfiri Daesh terrorists {SCRIPT}"),
    );
    let independent = seed("003_ea494074b19b6663.txt").replace(
        "the whole 'opposition'",
        &format!("the whole 'opposition' {IMG}"),
    );
    let tgme = seed("002_2498656e7b287085.txt").replace(
        "fighting terrorist organizations",
        &format!("fighting terrorist organizations {SVG}"),
    );
    assert!(press_tv.contains(SCRIPT) && independent.contains(IMG) && tgme.contains(SVG));
    // dated two years apart, so that the page has its time section
    let records = [
        ("ptv", "Press TV", "2015-06-01", press_tv),
        ("ind", "Irish Independent", "2016-10-11", independent),
        (
            "tgme",
            &format!("tgme.org {SVG}") as &str,
            "2017-02-20",
            tgme,
        ),
    ];
    let path = dir.join("hostile.jsonl");
    let mut text = String::new();
    for (id, outlet, date, body) in records {
        text.push_str(
            &serde_json::json!({"id": id, "outlet": outlet, "date": date, "text": body})
                .to_string(),
        );
        text.push('\n');
    }
    fs::write(&path, text).unwrap();
    path
}

fn chromium() -> Option<PathBuf> {
    [
        "/usr/lib/chromium/chromium",
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// Renders a page: (DOM after load, screenshot PNG bytes).
fn render(browser: &Path, page: &Path, work: &Path) -> (String, Vec<u8>) {
    let png = work.join(format!(
        "{}.png",
        page.file_stem().unwrap().to_string_lossy()
    ));
    let profile = TempDir::new().unwrap();
    let out = Command::new("timeout")
        .arg("120")
        .arg(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--log-level=3",
            "--hide-scrollbars",
            "--virtual-time-budget=2000",
            "--window-size=1200,2400",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        fs::read(&png).expect("a screenshot"),
    )
}

/// Decodes an 8-bit RGB or RGBA non-interlaced PNG (what Chromium writes): (bytes per pixel,
/// pixels).
fn decode_png(bytes: &[u8]) -> (usize, Vec<u8>) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let (mut pos, mut width, mut height, mut bpp, mut idat) = (8, 0, 0, 0, Vec::new());
    while pos + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[pos..pos + 4].try_into().unwrap()) as usize;
        let body = &bytes[pos + 8..pos + 8 + len];
        match &bytes[pos + 4..pos + 8] {
            b"IHDR" => {
                width = u32::from_be_bytes(body[0..4].try_into().unwrap()) as usize;
                height = u32::from_be_bytes(body[4..8].try_into().unwrap()) as usize;
                assert!(
                    body[8] == 8 && body[12] == 0,
                    "8-bit non-interlaced PNG expected"
                );
                bpp = match body[9] {
                    2 => 3,
                    6 => 4,
                    t => panic!("PNG colour type {t}"),
                };
            }
            b"IDAT" => idat.extend_from_slice(body),
            b"IEND" => break,
            _ => {}
        }
        pos += 12 + len;
    }
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(&idat[..])
        .read_to_end(&mut raw)
        .unwrap();
    let stride = width * bpp;
    let mut out = vec![0u8; height * stride];
    for y in 0..height {
        let filter = raw[y * (stride + 1)];
        for i in 0..stride {
            let x = raw[y * (stride + 1) + 1 + i];
            let a = if i >= bpp {
                out[y * stride + i - bpp]
            } else {
                0
            } as i16;
            let b = if y > 0 { out[(y - 1) * stride + i] } else { 0 } as i16;
            let c = if y > 0 && i >= bpp {
                out[(y - 1) * stride + i - bpp]
            } else {
                0
            } as i16;
            let predicted = match filter {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                4 => {
                    let p = a + b - c;
                    let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
                f => panic!("PNG filter {f}"),
            };
            out[y * stride + i] = x.wrapping_add(predicted as u8);
        }
    }
    (bpp, out)
}

/// Pixels of strong colour (chart fills; text, axes and background are grey or white) and the
/// number of distinct colours among them.
fn ink(bpp: usize, pixels: &[u8]) -> (usize, usize) {
    let mut n = 0;
    let mut colours = std::collections::BTreeSet::new();
    for p in pixels.chunks_exact(bpp) {
        let (hi, lo) = (p[0].max(p[1]).max(p[2]), p[0].min(p[1]).min(p[2]));
        if hi - lo > 60 {
            n += 1;
            colours.insert((p[0] >> 4, p[1] >> 4, p[2] >> 4));
        }
    }
    (n, colours.len())
}

/// What the DOM shows of executed corpus code.
fn executed(dom: &str) -> bool {
    dom.contains("PWNED") || dom.contains("data-pwned") || dom.contains("<pwned")
}

#[test]
fn html_report_draws_and_runs_nothing_from_the_corpus() {
    let dir = TempDir::new().unwrap();
    let corpus = hostile_corpus(dir.path());
    let page = dir.path().join("report.html");
    let run = Command::new(BIN)
        .args([
            "report",
            corpus.to_str().unwrap(),
            "--html",
            page.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = fs::read_to_string(&page).unwrap();

    // The file: no markup from the corpus, the payloads shown as text, no outside request.
    assert_eq!(html.matches("<script").count(), 0);
    assert_eq!(html.matches("<img").count(), 0);
    assert!(
        html.contains("&lt;script&gt;document.title="),
        "the payload is shown as text"
    );
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror="));
    assert!(html.contains("default-src &#39;none&#39;") || html.contains("default-src 'none'"));
    // nothing to fetch: no source, link or style URL (the SVG namespace is a name, not a
    // request; the contents' links are to anchors of the page itself)
    let fetchable = html
        .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace(" href=\"#", " (anchor)");
    for url in [
        "http://", "https://", " src=\"", " href=\"", "url(", "@import",
    ] {
        assert!(!fetchable.contains(url), "the page refers to {url}");
    }
    let charts: usize = {
        let at = html.find("data-charts=\"").unwrap() + "data-charts=\"".len();
        html[at..at + html[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    // syria alone: a heatmap, 4 contrasts and 13 categories; five lexicons in all
    assert!(charts > 18, "{charts} charts");
    assert_eq!(
        html.matches("<svg").count(),
        charts,
        "one <svg> per chart, none injected"
    );
    assert!(
        html.len() < 1_000_000,
        "the page stays small: {} bytes",
        html.len()
    );
    // a table of contents whose every link has its anchor
    let links: Vec<&str> = html
        .split(" href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert!(links.len() >= 9, "{links:?}");
    for id in &links {
        assert!(html.contains(&format!(" id=\"{id}\"")), "no anchor {id}");
    }

    let Some(browser) = chromium() else {
        if std::env::var_os("SLANT_REQUIRE_CHROMIUM").is_some() {
            panic!("SLANT_REQUIRE_CHROMIUM is set but no chromium was found");
        }
        eprintln!("skipping the browser half: no chromium (apt-get install chromium)");
        return;
    };

    // Negative control: the same payload unescaped does run in this browser, so the checks
    // below can see it when it happens.
    let unsafe_page = dir.path().join("control.html");
    fs::write(
        &unsafe_page,
        format!("<!DOCTYPE html><html><head><title>control</title></head><body><p>{IMG}</p><p>{SCRIPT}</p></body></html>"),
    )
    .unwrap();
    let (control, _) = render(&browser, &unsafe_page, dir.path());
    assert!(
        executed(&control),
        "the control page's payload should run: {control}"
    );

    let (dom, png) = render(&browser, &page, dir.path());
    assert!(!executed(&dom), "corpus code ran in the report");
    assert!(dom.contains("<title>slant report</title>"));
    assert_eq!(dom.matches("<img").count(), 0);
    assert_eq!(dom.matches("<script").count(), 0);
    assert_eq!(
        dom.matches("<svg").count(),
        charts,
        "every chart is in the DOM"
    );
    assert!(
        dom.contains("&lt;script&gt;"),
        "the payload text is on the page"
    );
    assert!(
        dom.matches("<rect").count() > charts * 3,
        "the charts have their shapes"
    );
    // hits in context: every outlet with a terrorist label has its row (all three do)
    let evidence = &dom[dom
        .find("class=\"evidence\" data-category=\"terrorist_label\"")
        .expect("terrorist_label evidence")..];
    let evidence = &evidence[..evidence.find("</details>").unwrap()];
    for outlet in ["Press TV", "Irish Independent", "tgme.org &lt;svg"] {
        assert!(
            evidence.contains(&format!("data-outlet=\"{outlet}")),
            "no evidence row of {outlet}: {evidence}"
        );
    }
    // own voice against reported voices, per category: Press TV's terrorist labels
    let voice = &dom[dom
        .find("class=\"voice\" data-category=\"terrorist_label\"")
        .expect("own-voice table")..];
    let voice = &voice[..voice.find("</details>").unwrap()];
    assert!(
        voice.contains("data-outlet=\"Press TV\"") && voice.contains("class=\"bar\""),
        "{voice}"
    );
    // own voice against reported and quoted speech as a chart, with its legend
    assert!(voice.contains("<svg") && voice.contains("direct quotations"));
    // over time: by year (the dates span 2015–2017: 24 months fit), a chart per contrast
    // and busy category, every line and the band in the legend
    let time = &dom[dom.find("id=\"time\"").expect("the time section")..];
    assert!(time.contains("By month (chosen to fit"), "{}", &time[..400]);
    let syria = &time[time.find("data-time=\"0\"").expect("syria over time")..];
    let syria = &syria[..syria.find("</div>").unwrap()];
    assert!(syria.matches("<svg").count() >= 5, "{syria}");
    for outlet in ["Press TV", "Irish Independent", "95 % interval"] {
        assert!(syria.contains(outlet), "no {outlet} in the time charts");
    }
    // sections fold (no script): the lexicons, keyness, voices, speakers, manifest, time
    assert!(dom.matches("<details open").count() >= 10);
    let (bpp, pixels) = decode_png(&png);
    let (coloured, colours) = ink(bpp, &pixels);
    assert!(
        coloured > 20_000 && colours >= 3,
        "the charts drew: {coloured} coloured pixels in {colours} colours"
    );
}
