//! `load` (`(scheme load)`, also in `(scheme r5rs)`) through the real binary, in every JIT
//! mode: a file's definitions and macros are visible after it, its errors name it, and a
//! missing file is a `file-error`. A separate test because `load` needs files beside the
//! program (the conformance suite's programs run in no particular directory).

use std::path::{Path, PathBuf};
use std::process::Command;

fn scratch() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("load");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("lib.scm"),
        "(define-syntax twice (syntax-rules () ((_ e) (begin e e))))\n\
         (define (greet who) (display \"hello \") (display who) (newline))\n\
         (twice (greet \"loader\"))\n",
    )
    .unwrap();
    std::fs::write(dir.join("bad.scm"), "(define x 1)\n(car x)\n").unwrap();
    std::fs::write(
        dir.join("main.scm"),
        "(import (scheme r5rs) (only (scheme base) with-exception-handler file-error?))\n\
         (load \"lib.scm\")\n\
         (greet \"main\")\n\
         (twice (display \"x\"))\n\
         (newline)\n\
         (write (call-with-current-continuation (lambda (k)\n\
           (with-exception-handler (lambda (e) (k (file-error? e)))\n\
             (lambda () (load \"no-such-file.scm\"))))))\n\
         (newline)\n\
         (load \"bad.scm\" (interaction-environment))\n",
    )
    .unwrap();
    dir
}

#[test]
fn load_runs_a_file_in_every_mode() {
    let dir = scratch();
    for mode in ["--jit=off", "--jit=on", "--jit=eager"] {
        let out = Command::new(env!("CARGO_BIN_EXE_kiln"))
            .current_dir(&dir)
            .env(
                "KILN_CACHE_DIR",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("kiln-cache"),
            )
            .args(["run", mode, "main.scm"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "hello loader\nhello loader\nhello main\nxx\n#t\n",
            "{mode}: {stderr}"
        );
        assert_eq!(out.status.code(), Some(70), "{mode}: {stderr}");
        // The error inside the loaded file is positioned in that file.
        assert!(
            stderr.contains("bad.scm:2:1: error: car: expected a pair 1"),
            "{mode}: {stderr}"
        );
    }
}
