//! `kiln`: runs Kiln Scheme programs, and a REPL, inside wasmtime.

mod bench;
mod bundle;
mod cache;
mod cli;
mod fuzz;
mod guest;
mod halt;
mod host;
mod limits;
mod repl;
mod run;
mod serve;

use clap::Parser;
use cli::{Cli, Command};

fn main() {
    let cli = Cli::parse();
    // Guests run on a thread with a big stack: deep Scheme recursion is deep Wasm recursion,
    // and a thread's stack is only reserved address space until it is used.
    let worker = std::thread::Builder::new()
        .name("kiln".into())
        .stack_size(guest::HOST_THREAD_STACK)
        .spawn(move || dispatch(&cli));
    let status = match worker.map(|w| w.join()) {
        Ok(Ok(status)) => status,
        Ok(Err(_)) => internal_error("the kiln thread panicked"),
        Err(err) => internal_error(&format!("cannot start the kiln thread: {err}")),
    };
    std::process::exit(status)
}

fn dispatch(cli: &Cli) -> i32 {
    if let Err(refusal) = cli.command.preflight() {
        return refusal.report();
    }
    let result = match &cli.command {
        Command::Run(args) => run::run(args),
        Command::Repl(args) => repl::repl(args),
        Command::Bundle(args) => bundle::bundle(args),
        Command::Serve(args) => serve::serve(args),
        Command::Bench(args) => bench::bench(args),
        Command::Fuzz(args) => fuzz::fuzz(args),
    };
    result.unwrap_or_else(|err| internal_error(&format!("{err:#}")))
}

fn internal_error(msg: &str) -> i32 {
    eprintln!("kiln: internal error: {msg}");
    halt::EXIT_INTERNAL
}
