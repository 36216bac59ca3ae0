//! An in-process `wasi:http/proxy` host on `wasmtime-wasi-http`, run the way `wasmtime serve`
//! runs a component: pre-instantiated once, then a fresh store and instance per request (or, to
//! check that an instance survives a failed request, several requests on one instance). It
//! links exactly the proxy world's interfaces, so a component importing anything else fails.

use crate::message::{Answer, Request, Server};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use std::convert::Infallible;
use std::path::Path;
use std::time::{Duration, Instant};
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Engine, ResourceLimiter, Store};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};
use wasmtime_wasi_http::p2::bindings::http::types::{ErrorCode, Scheme};
use wasmtime_wasi_http::p2::bindings::{Proxy, ProxyPre};
use wasmtime_wasi_http::p2::body::HyperOutgoingBody;
use wasmtime_wasi_http::p2::types::{HostFutureIncomingResponse, OutgoingRequestConfig};
use wasmtime_wasi_http::p2::{HttpResult, WasiHttpCtxView, WasiHttpHooks, WasiHttpView};
use wasmtime_wasi_http::WasiHttpCtx;

/// A component ready to serve.
pub struct Host {
    pre: ProxyPre<State>,
    runtime: tokio::runtime::Runtime,
}

/// One instance's state.
struct State {
    wasi: WasiCtx,
    http: WasiHttpCtx,
    table: ResourceTable,
    hooks: NoOutgoing,
    limits: PeakMemory,
}

impl WasiView for State {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl WasiHttpView for State {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            ctx: &mut self.http,
            table: &mut self.table,
            hooks: &mut self.hooks,
        }
    }
}

/// Outgoing requests are refused: the test apps make none.
struct NoOutgoing;

impl WasiHttpHooks for NoOutgoing {
    fn send_request(
        &mut self,
        _: hyper::Request<HyperOutgoingBody>,
        _: OutgoingRequestConfig,
    ) -> HttpResult<HostFutureIncomingResponse> {
        Err(ErrorCode::HttpRequestDenied.into())
    }
}

/// Records the largest linear memory the instance had.
#[derive(Default)]
struct PeakMemory {
    bytes: usize,
}

impl ResourceLimiter for PeakMemory {
    fn memory_growing(
        &mut self,
        _: usize,
        desired: usize,
        _: Option<usize>,
    ) -> wasmtime::Result<bool> {
        self.bytes = self.bytes.max(desired);
        Ok(true)
    }
    fn table_growing(&mut self, _: usize, _: usize, _: Option<usize>) -> wasmtime::Result<bool> {
        Ok(true)
    }
}

/// An instance serving requests, with its output pipes.
pub struct Instance {
    store: Store<State>,
    proxy: Proxy,
    stderr: MemoryOutputPipe,
}

impl Host {
    /// Compiles the component at `path` and pre-instantiates it against the proxy world.
    pub fn load(path: &Path) -> Host {
        let engine = Engine::default();
        let component = Component::from_file(&engine, path)
            .unwrap_or_else(|e| panic!("compiling {}: {e:?}", path.display()));
        let mut linker = Linker::new(&engine);
        wasmtime_wasi_http::p2::add_to_linker_async(&mut linker).expect("linking the proxy world");
        let pre = linker
            .instantiate_pre(&component)
            .expect("the component imports only the wasi:http/proxy world");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        Host {
            pre: ProxyPre::new(pre).expect("the component exports wasi:http/incoming-handler"),
            runtime,
        }
    }

    /// A fresh instance, and how long instantiating it took.
    pub fn instantiate(&self) -> (Instance, Duration) {
        let stderr = MemoryOutputPipe::new(1 << 20);
        let wasi = WasiCtx::builder().stderr(stderr.clone()).build();
        let mut store = Store::new(
            self.pre.engine(),
            State {
                wasi,
                http: WasiHttpCtx::new(),
                table: ResourceTable::new(),
                hooks: NoOutgoing,
                limits: PeakMemory::default(),
            },
        );
        store.limiter(|s| &mut s.limits);
        let start = Instant::now();
        let proxy = self
            .runtime
            .block_on(self.pre.instantiate_async(&mut store))
            .expect("instantiating the component");
        let took = start.elapsed();
        (
            Instance {
                store,
                proxy,
                stderr,
            },
            took,
        )
    }

    /// Sends `req` to `instance` (which may have served requests before).
    pub fn send_to(&self, instance: &mut Instance, req: &Request) -> Answer {
        let mut builder = hyper::Request::builder()
            .method(req.method)
            .uri(format!("http://localhost{}", req.path));
        for (name, value) in req.headers {
            builder = builder.header(*name, *value);
        }
        let body = Full::new(Bytes::copy_from_slice(req.body))
            .map_err(|never: Infallible| -> ErrorCode { match never {} });
        let request = builder.body(body).expect("a valid request");
        let store = &mut instance.store;
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let incoming = store
            .data_mut()
            .http()
            .new_incoming_request(Scheme::Http, request)
            .expect("an incoming request");
        let out = store
            .data_mut()
            .http()
            .new_response_outparam(sender)
            .expect("a response outparam");
        let answer = self.runtime.block_on(async {
            // The handler and the reading of its body run concurrently: a streaming body only
            // goes on while someone reads it.
            let handle =
                instance
                    .proxy
                    .wasi_http_incoming_handler()
                    .call_handle(&mut *store, incoming, out);
            let read = async {
                // A guest that trapped before setting a response leaves the receiver waiting.
                let response = tokio::time::timeout(Duration::from_secs(120), receiver)
                    .await
                    .expect("the guest set a response in time")
                    .expect("the guest set a response")
                    .expect("the guest set a response, not an error");
                let status = response.status().as_u16();
                let headers = response
                    .headers()
                    .iter()
                    .map(|(n, v)| {
                        (
                            n.to_string(),
                            String::from_utf8_lossy(v.as_bytes()).into_owned(),
                        )
                    })
                    .collect();
                let body = response
                    .into_body()
                    .collect()
                    .await
                    .map(|b| b.to_bytes().to_vec())
                    .map_err(|e| format!("{e:?}"));
                (status, headers, body)
            };
            let (handled, (status, headers, body)) = tokio::join!(handle, read);
            handled.expect("the handler returned without trapping");
            Answer {
                status,
                headers,
                body,
                stderr: String::new(),
            }
        });
        Answer {
            stderr: String::from_utf8_lossy(&instance.stderr.contents()).into_owned(),
            ..answer
        }
    }
}

impl Instance {
    /// The largest the instance's linear memories grew, in bytes.
    pub fn peak_memory(&self) -> usize {
        self.store.data().limits.bytes
    }
}

impl Server for Host {
    fn send(&self, req: &Request) -> Answer {
        let (mut instance, _) = self.instantiate();
        self.send_to(&mut instance, req)
    }
}
