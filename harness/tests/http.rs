//! `kiln bundle --http` components served in process through `wasmtime-wasi-http`, a fresh
//! instance per request as `wasmtime serve` does: every route of `http/app.scm` in every build
//! mode (`--jit=off`, eager, trained), handler errors, training, and what bundling refuses.

#[path = "http/build.rs"]
mod build;
#[path = "http/host.rs"]
mod host;

#[path = "http/message.rs"]
mod message;
#[path = "http/routes.rs"]
mod routes;

use build::{component, kiln, Mode, MODES};
use host::Host;
use message::{Request, Server};
use std::time::Duration;

#[test]
fn every_build_mode_answers_every_route() {
    for mode in MODES {
        let built = component(mode);
        routes::check_routes(&Host::load(&built.path), &format!("{mode:?}"));
    }
}

#[test]
fn a_handler_error_is_a_500_and_the_next_request_is_served() {
    let host = Host::load(&component(Mode::Eager).path);
    let (mut instance, _) = host.instantiate();
    let failed = host.send_to(&mut instance, &Request::get("/fail"));
    assert_eq!(failed.status, 500);
    assert_eq!(failed.text(), "500 Internal Server Error\n");
    assert!(failed.stderr.contains("error: boom 42"), "{failed:?}");
    // The same instance goes on (hosts that reuse instances), and so does a fresh one.
    let after = host.send_to(&mut instance, &Request::get("/"));
    assert_eq!((after.status, after.text().as_str()), (200, "hello\n"));
    assert_eq!(host.send(&Request::get("/")).text(), "hello\n");
    // A streaming body that fails before its first chunk went out still gets its 500.
    let stream = host.send_to(&mut instance, &Request::get("/fail-stream"));
    assert_eq!(
        (stream.status, stream.text().as_str()),
        (500, "500 Internal Server Error\n")
    );
    assert!(stream.stderr.contains("error: stream boom"), "{stream:?}");
    assert_eq!(
        host.send_to(&mut instance, &Request::get("/fib")).text(),
        "75025\n"
    );
    // And with a fresh instance per request, as `wasmtime serve` runs it.
    routes::check_handler_error(&host, "fresh instances");
}

/// `N` from the progress line `kiln bundle: [ … s] {prefix}N …` (the first such line whose
/// text after `prefix` starts with a number: `training: running …` precedes `training: 2 hot…`).
fn progress_number(stderr: &str, prefix: &str) -> u32 {
    stderr
        .lines()
        .filter_map(|l| l.split_once(prefix).map(|(_, rest)| rest))
        .find_map(|rest| rest.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {prefix:?}N in:\n{stderr}"))
}

#[test]
fn training_on_requests_compiles_the_handlers_hot_code() {
    let trained = component(Mode::Trained);
    assert!(
        trained.stderr.contains("on 4 requests"),
        "{}",
        trained.stderr
    );
    let hot = progress_number(&trained.stderr, "training: ");
    let linked = progress_number(&trained.stderr, "linked ");
    // fib (called 250,000 times by /fib) and the stream's loop got hot; the rest ran once.
    assert!((2..10).contains(&hot), "{}", trained.stderr);
    assert!(linked >= 2, "{}", trained.stderr);
    let off = component(Mode::Off);
    assert_eq!(progress_number(&off.stderr, "linked "), 0, "{}", off.stderr);
    let eager = component(Mode::Eager);
    assert!(progress_number(&eager.stderr, "linked ") > linked);
}

#[test]
fn instances_start_from_the_snapshot_in_a_fraction_of_a_millisecond() {
    for mode in [Mode::Off, Mode::Trained] {
        let host = Host::load(&component(mode).path);
        let mut times: Vec<Duration> = (0..40).map(|_| host.instantiate().1).collect();
        times.sort();
        let median = times[times.len() / 2];
        // Linear memory is what the snapshot starts with plus what a request makes it grow.
        let mut report = format!(
            "{mode:?}: instantiation median {:.1} µs over {} instances; linear memory after",
            median.as_secs_f64() * 1e6,
            times.len()
        );
        for path in ["/", "/page", "/fib"] {
            let (mut instance, _) = host.instantiate();
            host.send_to(&mut instance, &Request::get(path));
            let memory = instance.peak_memory();
            report.push_str(&format!(
                " {path} {:.1} MiB",
                memory as f64 / (1 << 20) as f64
            ));
            assert!(
                memory > 1 << 20 && memory < 256 << 20,
                "{path}: {memory} bytes"
            );
        }
        eprintln!("{report}");
        // Generous bounds for a shared 2-core machine; the README gives the measured figures.
        assert!(median < Duration::from_millis(20), "median {median:?}");
    }
}

fn scratch_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kiln-http-refusals-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn bundling_refuses_apps_that_cannot_serve() {
    let cases = [
        (
            "no-handler.scm",
            "(define (handler r) r)",
            65,
            "defines no procedure `handle`",
        ),
        (
            "top-error.scm",
            "(define (handle r) r)\n(car '())",
            70,
            "error: car",
        ),
        ("syntax.scm", "(define (handle r)", 65, "read error"),
    ];
    for (name, text, status, message) in cases {
        let app = scratch_file(name, text);
        let out = app.with_extension("wasm");
        let output = kiln(&["bundle", "--http", "-q", app.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(status), "{name}: {stderr}");
        assert!(stderr.contains(message), "{name}: {stderr}");
        assert!(stderr.contains("no bundle written"), "{name}: {stderr}");
        assert!(!out.exists(), "{name}: no component");
    }
    let app = scratch_file("ok.scm", "(define (handle r) (make-response 200 '() \"\"))");
    let train = scratch_file("bad.train", "GET / HTTP/1.1\n\nthis is no request\n\n");
    let output = kiln(&[
        "bundle",
        "--http",
        "-q",
        app.to_str().unwrap(),
        "--train-input",
        train.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(65), "{stderr}");
    assert!(
        stderr.contains("request 2: not an HTTP/1.1 request"),
        "{stderr}"
    );
}
