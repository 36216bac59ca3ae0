//! `kiln run`: run one program file and exit with its status.

use crate::cli::{library_settings, LibraryDir, RunArgs};
use crate::guest::{Guest, GuestSession};
use crate::halt::{Halt, RunInfo};
use crate::host::{Access, Host};
use crate::limits;
use anyhow::Result;

/// Exit status for an unreadable program file (EX_NOINPUT).
pub const EXIT_NO_INPUT: i32 = 66;

/// Runs `args.file()` and returns the process exit status.
pub fn run(args: &RunArgs) -> Result<i32> {
    let name = args.file();
    let source = match std::fs::read(name) {
        Ok(source) => source,
        Err(err) => {
            eprintln!("kiln: cannot read {name}: {err}");
            return Ok(EXIT_NO_INPUT);
        }
    };
    let info = RunInfo {
        subject: name.to_string(),
        timeout_secs: args.timeout,
        max_memory_mib: args.guest.max_memory,
    };
    let dirs = match args.libraries.dirs(Some(std::path::Path::new(name))) {
        Ok(dirs) => dirs,
        Err(refusal) => return Ok(refusal.report()),
    };
    let guest = Guest::load(args.timeout.is_some())?;
    if let Some(secs) = args.timeout {
        // A guest blocked in a host call (reading stdin…) never sees the epoch tick.
        let info = info.clone();
        limits::arm_timeout(guest.engine(), secs, move || {
            std::process::exit(Halt::Timeout.report(&info))
        })?;
    }
    Ok(match execute(&guest, args, &dirs, name, &source) {
        Ok(status) => status,
        Err(halt) => halt.report(&info),
    })
}

/// Instantiates, configures and runs the guest; `(command-line)` is FILE and ARGS.
fn execute(
    guest: &Guest,
    args: &RunArgs,
    dirs: &[LibraryDir],
    name: &str,
    source: &[u8],
) -> Result<i32, Halt> {
    let access = Access {
        env: args.env.variables(),
        dirs: dirs.to_vec(),
    };
    let host = Host::with_access(
        &args.command_line,
        args.guest.max_memory,
        args.guest.dump_jit.clone(),
        &access,
    )?;
    let mut host = host;
    host.jit.fault = args.guest.jit_fault.host_fault();
    let mut session = GuestSession::start(guest, host)?;
    let mut settings = args.guest.guest_settings();
    settings.extend(args.guest.compile_setting());
    settings.extend(library_settings(dirs));
    let result = session
        .configure(&settings)
        .and_then(|()| session.run(name, source));
    if result.is_err() {
        crate::guest::write_stdout(&session.take_output());
    }
    report_background(&session, args.guest.jit_stats);
    result
}

/// `--jit-stats`: the host's line on background compilation (after the guest's own line). Modules
/// still compiling are dropped: the compile thread is detached, so the exit never waits for it.
pub fn report_background(session: &GuestSession, jit_stats: bool) {
    if !jit_stats {
        return;
    }
    if let Some(line) = session.host().jit.background_report() {
        eprintln!("{line}");
    }
}
