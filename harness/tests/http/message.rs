//! What the http tests send and get back, whoever serves: the in-process host (`host.rs`) or a
//! real `wasmtime serve`.

/// One request to send.
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

impl<'a> Request<'a> {
    pub fn get(path: &'a str) -> Request<'a> {
        Request {
            method: "GET",
            path,
            headers: &[],
            body: b"",
        }
    }
}

/// What came back.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body; `Err` if it broke off (the guest dropped it unfinished).
    pub body: Result<Vec<u8>, String>,
    /// What the serving instance (in-process) or server (`wasmtime serve`) wrote on stderr.
    pub stderr: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(self.body.as_ref().expect("a whole body")).into_owned()
    }
}

/// Something that answers requests with a fresh instance each (as `wasmtime serve` does).
pub trait Server {
    /// Sends `req` and waits for the whole answer.
    fn send(&self, req: &Request) -> Answer;

    /// Whether the stderr of the instance that gave `answer` shows `text`.
    fn stderr_shows(&self, answer: &Answer, text: &str) -> bool {
        answer.stderr.contains(text)
    }
}
