//! Reading facts out of a module without instantiating it: its imports and exports, and the initial contents
//! of its linear memory as its data segments describe them (a Wizer snapshot's memory image).

use anyhow::{bail, Context, Result};
use wasmparser::{DataKind, Operator, Parser, Payload};

/// Every import of `wasm`, as (module, name) pairs in order.
pub fn imports(wasm: &[u8]) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::ImportSection(r) = payload? {
            for import in r.into_imports() {
                let import = import?;
                out.push((import.module.to_string(), import.name.to_string()));
            }
        }
    }
    Ok(out)
}

/// The names of every export of `wasm`, in order.
pub fn exports(wasm: &[u8]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let Payload::ExportSection(r) = payload? {
            for export in r {
                out.push(export?.name.to_string());
            }
        }
    }
    Ok(out)
}

/// The `len` bytes at `addr` of memory `memory` right after instantiation: what the active data
/// segments write there, later segments over earlier ones, zeros elsewhere.
pub fn data_image(wasm: &[u8], memory: u32, addr: u32, len: u32) -> Result<Vec<u8>> {
    let (start, end) = (u64::from(addr), u64::from(addr) + u64::from(len));
    let mut out = vec![0u8; len as usize];
    for payload in Parser::new(0).parse_all(wasm) {
        let Payload::DataSection(r) = payload? else {
            continue;
        };
        for segment in r {
            let segment = segment?;
            let DataKind::Active {
                memory_index,
                offset_expr,
            } = segment.kind
            else {
                continue;
            };
            if memory_index != memory {
                continue;
            }
            let offset =
                const_offset(offset_expr).context("a data segment's offset is not a constant")?;
            let (seg_start, seg_end) = (offset, offset + segment.data.len() as u64);
            let (from, to) = (seg_start.max(start), seg_end.min(end));
            if from < to {
                out[(from - start) as usize..(to - start) as usize].copy_from_slice(
                    &segment.data[(from - seg_start) as usize..(to - seg_start) as usize],
                );
            }
        }
    }
    Ok(out)
}

fn const_offset(expr: wasmparser::ConstExpr) -> Result<u64> {
    let mut ops = expr.get_operators_reader();
    let value = match ops.read()? {
        Operator::I32Const { value } => u64::from(value as u32),
        Operator::I64Const { value } => value as u64,
        _ => bail!("not a constant"),
    };
    match ops.read()? {
        Operator::End => Ok(value),
        _ => bail!("not a constant"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_segments_override_earlier_ones() {
        let wasm = wat::parse_str(
            r#"(module (import "a" "b" (func)) (memory 1)
                (data (i32.const 8) "abcdef") (data (i32.const 10) "XY"))"#,
        )
        .unwrap();
        assert_eq!(data_image(&wasm, 0, 6, 10).unwrap(), b"\0\0abXYef\0\0");
        assert_eq!(data_image(&wasm, 0, 100, 2).unwrap(), b"\0\0");
        assert_eq!(
            imports(&wasm).unwrap(),
            [("a".to_string(), "b".to_string())]
        );
    }
}
