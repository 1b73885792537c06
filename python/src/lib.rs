//! `slant._slant`: the native part of the Python module. It runs the library's commands (the
//! same code as the `slant` binary, so the tables are the binary's byte for byte) with the GIL
//! released, and turns their errors into `slant.SlantError` carrying the command line's
//! message. The Python side (`slant/__init__.py`) builds the arguments and reads the tables.
//!
//! The process-wide allocator tuning of the binary (`slant::memory::tune`) is not called here:
//! the module lives in someone else's process.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

mod spark;

create_exception!(
    _slant,
    SlantError,
    PyException,
    "A failure of slant: the message names the file, line or field and what to do, as the command line's does."
);

/// Runs `slant ARGS...` (the words after `slant` on the command line) in this process, the
/// GIL released; `progress` lets the progress line and closing summaries go to stderr
/// (warnings always do). Returns the exit code (0 on success); raises `SlantError` with the
/// command line's message on a usage error or a failure.
#[pyfunction]
#[pyo3(signature = (args, progress = false))]
fn run(py: Python<'_>, args: Vec<String>, progress: bool) -> PyResult<i32> {
    let outcome = py.detach(move || slant::cli::run_args(args, progress));
    match outcome {
        Ok(code) if code == std::process::ExitCode::SUCCESS => Ok(0),
        Ok(_) => Ok(1),
        Err(e) => Err(SlantError::new_err(format!("{e:#}"))),
    }
}

/// `run`, returning what the command prints to stdout (a table as CSV or JSON) as bytes
/// instead of printing it.
#[pyfunction]
#[pyo3(signature = (args, progress = false))]
fn run_captured<'py>(
    py: Python<'py>,
    args: Vec<String>,
    progress: bool,
) -> PyResult<(i32, Bound<'py, PyBytes>)> {
    let outcome = py.detach(move || slant::cli::run_captured(args, progress));
    match outcome {
        Ok((code, printed)) => Ok((
            i32::from(code != std::process::ExitCode::SUCCESS),
            PyBytes::new(py, &printed),
        )),
        Err(e) => Err(SlantError::new_err(format!("{e:#}"))),
    }
}

/// The version of the slant library the module was built from.
#[pyfunction]
fn version() -> &'static str {
    slant::VERSION
}

#[pymodule]
fn _slant(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(run_captured, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_class::<spark::Job>()?;
    m.add("SLOTS", slant::distributed::SLOTS)?;
    m.add("BUCKET_COMPARISONS", slant::distributed::BUCKET_COMPARISONS)?;
    m.add_class::<spark::Measurer>()?;
    m.add("SlantError", m.py().get_type::<SlantError>())?;
    Ok(())
}
