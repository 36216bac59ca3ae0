//! `Port`: the payload of a port object. Input ports hold their data and a read position; a
//! textual input port's data is always valid UTF-8 and its position always on a character
//! boundary (files are decoded once when opened, invalid sequences becoming U+FFFD), so reading a
//! character, a line or a datum costs time proportional to what it consumes, never to the rest of
//! the input. Stdin refills its buffer a line at a time. Output ports append to a buffer: string
//! and bytevector ports keep it; stdout goes through the guest's stdout buffer (`io::stdout`);
//! a file port writes its buffer with one WASI write when it reaches `FILE_BUFFER` bytes, at
//! `flush-output-port`, when closed, when collected, and at every exit (`flush_files`).

use std::cell::RefCell;
use std::io::{BufRead, Write};

/// Bytes a file output port buffers before it writes them out.
pub const FILE_BUFFER: usize = 64 << 10;

/// Where an input port's data comes from.
pub enum Source {
    /// Fixed text or bytes (string, bytevector and file ports).
    Fixed,
    /// The process's standard input, read a line at a time.
    Stdin,
}

/// Where an output port's data goes.
pub enum Sink {
    Buffer,
    Stdout,
    Stderr,
    /// A file (through WASI), written a buffer at a time.
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
    /// Input data (text as valid UTF-8) or output buffer.
    pub buf: Vec<u8>,
    /// Read position in `buf` (input ports; on a character boundary for textual ones).
    pub pos: usize,
    pub source: Source,
    pub sink: Sink,
    /// Stdin has reached end of file.
    pub at_eof: bool,
}

thread_local! {
    /// The open file output ports, so that every exit path can write out their buffers. A port's
    /// payload is boxed and never moves, so its address identifies it until it is dropped.
    static FILES: RefCell<Vec<usize>> = const { RefCell::new(Vec::new()) };
}

/// Writes buffered stdout to the process's stdout.
pub fn flush_stdout() {
    super::stdout::flush();
}

/// Writes out the buffers of every open file output port.
pub fn flush_files() {
    let ports = FILES.with(|f| f.borrow().clone());
    for p in ports {
        // SAFETY: registered ports are live boxed payloads (dropping one unregisters it).
        unsafe { (*(p as *mut Port)).flush() };
    }
}

impl Port {
    /// An input port over `data`. Textual data that is not valid UTF-8 is decoded with U+FFFD
    /// for each invalid sequence, as source files are.
    pub fn input(data: Vec<u8>, textual: bool) -> Port {
        let buf = if textual {
            match String::from_utf8(data) {
                Ok(s) => s.into_bytes(),
                Err(e) => String::from_utf8_lossy(e.as_bytes())
                    .into_owned()
                    .into_bytes(),
            }
        } else {
            data
        };
        Port {
            input: true,
            textual,
            open: true,
            buf,
            pos: 0,
            source: Source::Fixed,
            sink: Sink::Buffer,
            at_eof: false,
        }
    }
    /// The standard input port.
    pub fn stdin() -> Port {
        let mut p = Port::input(Vec::new(), true);
        p.source = Source::Stdin;
        p
    }
    /// An output port to `sink`. The returned port must be boxed (made a port object) before
    /// anything is written to a file sink; see [`Port::register`].
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

    /// Records a boxed file output port for `flush_files` (called once its payload is boxed).
    pub fn register(&mut self) {
        if matches!(self.sink, Sink::File(_)) {
            let addr = self as *mut Port as usize;
            FILES.with(|f| f.borrow_mut().push(addr));
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

    /// The unread text (textual input ports), without copying or re-validating it.
    pub fn rest(&self) -> &str {
        debug_assert!(self.textual && self.input);
        // SAFETY: a textual input port's buffer is valid UTF-8 (`input`, `refill`) and `pos` stays
        // on a character boundary (every textual read consumes whole characters).
        unsafe { std::str::from_utf8_unchecked(&self.buf[self.pos..]) }
    }

    /// The next character of the buffer, without refilling.
    #[inline]
    fn next_buffered(&self) -> Option<char> {
        match *self.buf.get(self.pos)? {
            b if b < 0x80 => Some(b as char),
            _ => self.rest().chars().next(),
        }
    }

    /// The next character without consuming it.
    pub fn peek_char(&mut self) -> Option<char> {
        loop {
            if let Some(c) = self.next_buffered() {
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

    /// Consumes `used` bytes of text (a whole number of characters, e.g. what `read` parsed).
    pub fn consume(&mut self, used: usize) {
        debug_assert!(self.rest().is_char_boundary(used));
        self.pos += used;
    }

    /// The next byte without consuming it (binary ports).
    pub fn peek_byte(&mut self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    /// Reads a line without its terminator; `None` at end of input.
    pub fn read_line(&mut self) -> Option<String> {
        let mut line = String::new();
        loop {
            let rest = self.rest();
            if let Some(n) = rest.bytes().position(|b| b == b'\n') {
                line.push_str(&rest[..n]);
                self.pos += n + 1;
                return Some(line);
            }
            line.push_str(rest);
            self.pos = self.buf.len();
            if !self.refill() {
                return (!line.is_empty()).then_some(line);
            }
        }
    }

    /// Reads up to `k` characters; fewer only at end of input.
    pub fn read_string(&mut self, k: usize) -> String {
        let mut s = String::new();
        let mut want = k;
        while want > 0 {
            let rest = self.rest();
            // The byte length of the first `want` characters of the buffer (or all of it).
            let mut end = 0;
            let mut taken = 0;
            let bytes = rest.as_bytes();
            while taken < want && end < bytes.len() {
                end += utf8_width(bytes[end]);
                taken += 1;
            }
            s.push_str(&rest[..end]);
            self.pos += end;
            want -= taken;
            if want > 0 && !self.refill() {
                break;
            }
        }
        s
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
            Sink::File(_) => {
                self.buf.extend_from_slice(b);
                if self.buf.len() >= FILE_BUFFER {
                    self.flush();
                }
            }
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
                if !self.buf.is_empty() {
                    let _ = f.write_all(&self.buf);
                    self.buf.clear();
                }
                let _ = f.flush();
            }
            Sink::Host(f) if !self.buf.is_empty() => {
                f(&self.buf);
                self.buf.clear();
            }
            _ => {}
        }
    }
}

impl Drop for Port {
    /// A file output port that is collected (or closed) loses nothing it buffered.
    fn drop(&mut self) {
        if matches!(self.sink, Sink::File(_)) {
            self.flush();
            let addr = self as *mut Port as usize;
            FILES.with(|f| f.borrow_mut().retain(|&p| p != addr));
        }
    }
}

/// The byte length of the UTF-8 sequence that starts with `b`.
#[inline]
fn utf8_width(b: u8) -> usize {
    match b {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_in_a_text_file_decodes_as_replacement_characters() {
        let mut p = Port::input(vec![b'a', 0xFF, b'b'], true);
        assert_eq!(p.read_string(10), "a\u{FFFD}b");
        assert_eq!(p.read_char(), None);
    }

    #[test]
    fn read_line_and_read_string_consume_whole_characters() {
        let mut p = Port::input("λx\nsecond\nlast".as_bytes().to_vec(), true);
        assert_eq!(p.read_line().as_deref(), Some("λx"));
        assert_eq!(p.read_string(3), "sec");
        assert_eq!(p.peek_char(), Some('o'));
        assert_eq!(p.read_line().as_deref(), Some("ond"));
        assert_eq!(p.read_line().as_deref(), Some("last"));
        assert_eq!(p.read_line(), None);
        assert_eq!(p.read_string(4), "");
    }

    #[test]
    fn read_string_counts_characters_not_bytes() {
        let mut p = Port::input("ééé€".as_bytes().to_vec(), true);
        assert_eq!(p.read_string(2), "éé");
        assert_eq!(p.read_string(5), "é€");
    }
}
