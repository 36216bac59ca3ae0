//! The training run: the program runs once, with the live JIT, in a throwaway guest instance whose
//! stdin is the training input and whose stdout is discarded; the guest then reports which
//! lambdas got hot (`kiln_bundle_profile`), whatever the program's exit status: what got hot
//! before an `(exit 3)` or an uncaught error is still what the bundle should compile.

use super::watchdog::Watchdog;
use super::{Run, Stop};
use crate::guest::{Guest, GuestSession};
use crate::halt::{Halt, RunInfo};
use crate::host::Host;
use anyhow::{Context, Result};
use kiln_jit::abi::export;
use std::sync::{Arc, RwLock};
use wasi_common::pipe::{ReadPipe, WritePipe};
use wasi_common::sync::WasiCtxBuilder;

/// The guest's training export for one http request.
const HTTP_REQUEST: &str = export::HTTP_REQUEST;

/// The guest settings of a training run. Its stderr is only quoted, one line, in the note on a
/// failed run: an uncaught error prints its message alone (no backtrace).
pub fn settings(jit_threshold: Option<u32>, max_depth: Option<u32>) -> Vec<String> {
    let mut out = vec!["jit=on".to_string(), "backtrace=off".to_string()];
    out.extend(jit_threshold.map(|n| format!("jit-threshold={n}")));
    out.extend(max_depth.map(|n| format!("max-depth={n}")));
    out
}

/// What a training run found.
#[derive(Debug)]
pub struct Profile {
    /// The identities of the lambdas that got hot, one per line.
    pub hot: String,
    /// The program's exit status.
    pub status: i32,
    /// The last line the program wrote on stderr (its error message, if it failed).
    pub last_error: Option<String>,
}

/// Runs program `name` on `input`, then (an http app) its handler on each of `requests` (in the
/// guest's `kiln_http_request` wire format), for at most `timeout` seconds in all; returns what
/// got hot.
pub fn profile(
    guest: &Guest,
    program: &super::Input,
    input: Vec<u8>,
    requests: &[Vec<u8>],
    settings: &[String],
    timeout: Option<u64>,
) -> Result<Profile, Stop> {
    let (name, source) = (program.name, program.source);
    let stderr = Arc::new(RwLock::new(Vec::new()));
    let mut host = Host::new(&[name.to_string()], None, None)?;
    host.wasi = wasi(name, input, program.dirs, stderr.clone())?;
    let watchdog = Watchdog::arm(guest.engine(), timeout)?;
    let result = train(guest, host, name, source, requests, settings);
    drop(watchdog);
    let captured =
        String::from_utf8_lossy(&stderr.read().map(|s| s.clone()).unwrap_or_default()).into_owned();
    match result {
        Ok(Ok((hot, status))) => Ok(Profile {
            hot,
            status,
            last_error: captured
                .lines()
                .rev()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(String::from),
        }),
        Ok(Err(Stop::Program(status))) => {
            eprint!("{captured}");
            Err(Stop::Program(status))
        }
        Ok(Err(stop)) => Err(stop),
        Err(Halt::Timeout) => Err(Stop::Timeout(Run::Training)),
        Err(halt) => {
            let info = RunInfo {
                subject: name.to_string(),
                timeout_secs: None,
                max_memory_mib: None,
            };
            let status = halt.report(&info);
            Err(Stop::Training(with_stderr(
                format!("it stopped with status {status}"),
                &captured,
            )))
        }
    }
}

/// The run itself: the profile and the program's exit status. The outer `Err` is a guest halt
/// (trap, timeout…).
fn train(
    guest: &Guest,
    host: Host,
    name: &str,
    source: &[u8],
    requests: &[Vec<u8>],
    settings: &[String],
) -> Result<Result<(String, i32), Stop>, Halt> {
    let mut session = GuestSession::start(guest, host)?;
    session.configure(settings)?;
    let name_ptr = session.put(name.as_bytes())?;
    let src_ptr = session.put(source)?;
    let args = (name_ptr, name.len() as i32, src_ptr, source.len() as i32);
    let status: i32 = session.call(export::BUNDLE_PREPARE, args)?;
    if status != 0 {
        return Ok(Err(Stop::Program(status)));
    }
    let status = match session.call::<(), i32>(export::BUNDLE_EXEC, ()) {
        Ok(status) => status,
        // `emergency-exit` calls `proc_exit`, which unwinds the run but leaves the instance
        // and its call counters intact: the profile can still be read.
        Err(Halt::Exit(status)) => status,
        Err(halt) => return Err(halt),
    };
    if status == 0 {
        for request in requests {
            let ptr = session.put(request)?;
            // The handler's failures are on stderr (the profile still counts); its status is
            // of no use here.
            let _: i32 = session.call(HTTP_REQUEST, (ptr, request.len() as i32))?;
        }
    }
    let ptr: i32 = session.call(export::BUNDLE_PROFILE, ())?;
    let len: i32 = session.call(export::BUNDLE_PROFILE_LEN, ())?;
    let text = session.read(ptr, len)?;
    let hot = String::from_utf8(text).context("the guest's profile is not UTF-8")?;
    Ok(Ok((hot, status)))
}

/// WASI like `kiln run`'s (arguments, the current directory, the library directories) but with
/// the training input as stdin, stdout discarded and stderr captured.
fn wasi(
    name: &str,
    input: Vec<u8>,
    dirs: &[crate::cli::LibraryDir],
    stderr: Arc<RwLock<Vec<u8>>>,
) -> Result<wasi_common::WasiCtx> {
    let mut builder = WasiCtxBuilder::new();
    builder
        .stdin(Box::new(ReadPipe::from(input)))
        .stdout(Box::new(WritePipe::new(std::io::sink())))
        .stderr(Box::new(WritePipe::from_shared(stderr)))
        .args(&[name.to_string()])
        .context("passing the program name to WASI")?;
    crate::host::preopen(&mut builder, dirs)?;
    Ok(builder.build())
}

fn with_stderr(why: String, stderr: &str) -> String {
    match stderr.trim() {
        "" => why,
        text => format!("{why}; its stderr:\n{text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_turn_the_live_jit_on() {
        assert_eq!(settings(None, None), ["jit=on", "backtrace=off"]);
        assert_eq!(
            settings(Some(5), Some(9)),
            ["jit=on", "backtrace=off", "jit-threshold=5", "max-depth=9"]
        );
    }
}
