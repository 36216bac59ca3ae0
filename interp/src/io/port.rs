//! `Port`: the payload of a port object. Input ports hold text (or bytes) and a read position;
//! stdin refills its buffer a line at a time. Output ports append to a string/byte buffer, or to
//! the process's stdout (buffered here, flushed by `flush_all`) and stderr.

use std::io::{BufRead, Write};

/// Where an input port's data comes from.
pub enum Source {
    /// Fixed text or bytes (string and bytevector ports).
    Fixed,
    /// The process's standard input, read a line at a time.
    Stdin,
}

/// Where an output port's data goes.
pub enum Sink {
    Buffer,
    Stdout,
    Stderr,
    /// A file (through WASI); written at every flush and when closed.
    File(std::fs::File),
    /// The host's (an HTTP response body, `http/`): handed on in chunks of [`HOST_CHUNK`]
    /// bytes and at every flush.
    Host(HostSink),
}

/// What a [`Sink::Host`] port hands its bytes to.
pub type HostSink = Box<dyn FnMut(&[u8])>;

/// How many bytes a [`Sink::Host`] port buffers before handing them on.
pub const HOST_CHUNK: usize = 16 << 10;

/// A Scheme port.
pub struct Port {
    pub input: bool,
    pub textual: bool,
    pub open: bool,
    /// Input data (text as UTF-8) or output buffer.
    pub buf: Vec<u8>,
    /// Read position in `buf` (input ports).
    pub pos: usize,
    pub source: Source,
    pub sink: Sink,
    /// Stdin has reached end of file.
    pub at_eof: bool,
}

/// Writes buffered stdout to the process's stdout.
pub fn flush_stdout() {
    super::stdout::flush();
}

impl Port {
    /// An input port over `data`.
    pub fn input(data: Vec<u8>, textual: bool) -> Port {
        Port {
            input: true,
            textual,
            open: true,
            buf: data,
            pos: 0,
            source: Source::Fixed,
            sink: Sink::Buffer,
            at_eof: false,
        }
    }
    /// The standard input port.
    pub fn stdin() -> Port {
        Port {
            source: Source::Stdin,
            ..Port::input(Vec::new(), true)
        }
    }
    /// An output port to `sink`.
    pub fn output(sink: Sink, textual: bool) -> Port {
        Port {
            input: false,
            textual,
            open: true,
            buf: Vec::new(),
            pos: 0,
            source: Source::Fixed,
            sink,
            at_eof: false,
        }
    }

    /// Reads more input; false at end of input.
    pub fn refill(&mut self) -> bool {
        if !matches!(self.source, Source::Stdin) || self.at_eof {
            return false;
        }
        flush_stdout();
        let mut line = Vec::new();
        match std::io::stdin().lock().read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => {
                self.at_eof = true;
                false
            }
            Ok(_) => {
                self.buf.drain(..self.pos);
                self.pos = 0;
                // Invalid UTF-8 becomes U+FFFD, as in source files. A whole line never splits a
                // UTF-8 sequence: none holds the byte `\n`.
                self.buf
                    .extend_from_slice(String::from_utf8_lossy(&line).as_bytes());
                true
            }
        }
    }

    /// The unread text (input ports).
    pub fn rest(&self) -> &str {
        std::str::from_utf8(&self.buf[self.pos..]).unwrap_or("")
    }

    /// The next character without consuming it.
    pub fn peek_char(&mut self) -> Option<char> {
        loop {
            if let Some(c) = self.rest().chars().next() {
                return Some(c);
            }
            if !self.refill() {
                return None;
            }
        }
    }

    /// Consumes and returns the next character.
    pub fn read_char(&mut self) -> Option<char> {
        let c = self.peek_char()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    /// The next byte without consuming it (binary ports).
    pub fn peek_byte(&mut self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// Reads a line without its terminator; `None` at end of input.
    pub fn read_line(&mut self) -> Option<String> {
        let mut line = String::new();
        loop {
            match self.read_char() {
                None if line.is_empty() => return None,
                None | Some('\n') => return Some(line),
                Some(c) => line.push(c),
            }
        }
    }

    /// Writes text.
    pub fn write_str(&mut self, s: &str) {
        self.write_bytes(s.as_bytes());
    }

    /// Writes bytes.
    pub fn write_bytes(&mut self, b: &[u8]) {
        match self.sink {
            Sink::Buffer => self.buf.extend_from_slice(b),
            Sink::Stdout => super::stdout::write(b),
            Sink::Stderr => {
                flush_stdout();
                super::raw::write_all(super::raw::STDERR, b);
            }
            Sink::File(_) => self.buf.extend_from_slice(b),
            Sink::Host(_) => {
                self.buf.extend_from_slice(b);
                if self.buf.len() >= HOST_CHUNK {
                    self.flush();
                }
            }
        }
    }

    /// Flushes an output port to its destination.
    pub fn flush(&mut self) {
        match &mut self.sink {
            Sink::Stdout => flush_stdout(),
            Sink::File(f) => {
                let _ = f.write_all(&self.buf);
                let _ = f.flush();
                self.buf.clear();
            }
            Sink::Host(f) if !self.buf.is_empty() => {
                f(&self.buf);
                self.buf.clear();
            }
            _ => {}
        }
    }
}
