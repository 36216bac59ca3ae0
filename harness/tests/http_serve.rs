//! End to end: `kiln bundle --http` components served by the real `wasmtime serve` 46 on
//! 127.0.0.1 (the deployment the README describes), checked with the same routes as the
//! in-process host of `http.rs`, in every build mode.

#[path = "http/build.rs"]
mod build;
#[path = "http/message.rs"]
mod message;
#[path = "http/routes.rs"]
mod routes;
#[path = "http/serve.rs"]
mod serve;

use build::{component, MODES};
use serve::Served;

#[test]
fn wasmtime_serve_answers_every_route_in_every_build_mode() {
    for mode in MODES {
        let built = component(mode);
        let server = Served::start(&built.path, &built.stderr);
        let what = format!("wasmtime serve, {mode:?}");
        routes::check_routes(&server, &what);
        routes::check_handler_error(&server, &what);
    }
}
