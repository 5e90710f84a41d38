//! The `polymem.memory-layout` custom section: a UTF-8 JSON document telling tools and the JS
//! loader where each original memory lives. The format is documented in the crate docs.

use crate::layout::{MemInfo, MemoryLayout, PAGE, Place, SCRATCH_PAGES};
use crate::rewrite::{BRIDGE_FUNCS, BRIDGE_MODULE};
use std::fmt::Write;

/// Name of the custom section.
pub const LAYOUT_SECTION: &str = "polymem.memory-layout";
/// Version of the JSON document in [`LAYOUT_SECTION`].
pub const LAYOUT_VERSION: u32 = 1;

/// Renders the layout document.
pub(crate) fn layout_json(layout: &MemoryLayout) -> String {
    let mut out = String::new();
    let direct = layout.places.iter().position(|p| matches!(p, Place::Direct));
    let kind = match (direct, layout.bridged) {
        (Some(_), _) => "direct",
        (None, true) => "imported-combined",
        (None, false) => "combined",
    };
    let _ = write!(out, "{{\"version\":{LAYOUT_VERSION},\"memory\":{{\"kind\":\"{kind}\"");
    if let Some(d) = direct {
        let _ = write!(out, ",\"memory\":{d}");
    }
    let _ = write!(out, ",\"min\":{},\"max\":{}", layout.combined_min, opt(layout.combined_max));
    if layout.bridged {
        let _ = write!(out, ",\"import\":[{},\"combined\"]", string(BRIDGE_MODULE));
    }
    out.push('}');
    if layout.bridged {
        let _ = write!(out, ",\"scratch\":{{\"base\":0,\"bytes\":{}}}", SCRATCH_PAGES * PAGE);
        let names: Vec<String> = BRIDGE_FUNCS.iter().map(|(name, ..)| string(name)).collect();
        let _ = write!(
            out,
            ",\"bridge\":{{\"module\":{},\"functions\":[{}]}}",
            string(BRIDGE_MODULE),
            names.join(",")
        );
    }
    out.push_str(",\"memories\":[");
    for (m, (info, place)) in layout.memories.iter().zip(&layout.places).enumerate() {
        if m > 0 {
            out.push(',');
        }
        memory_json(&mut out, m, info, place);
    }
    out.push_str("]}");
    out
}

fn memory_json(out: &mut String, m: usize, info: &MemInfo, place: &Place) {
    let address = if info.is64 { "i64" } else { "i32" };
    let _ = write!(
        out,
        "{{\"index\":{m},\"address\":\"{address}\",\"min\":{},\"max\":{}",
        info.min,
        opt(info.max)
    );
    match &info.import {
        Some((module, name)) => {
            let _ = write!(out, ",\"import\":[{},{}]", string(module), string(name));
        }
        None => out.push_str(",\"import\":null"),
    }
    let exports: Vec<String> = info.exports.iter().map(|e| string(e)).collect();
    let _ = write!(out, ",\"exports\":[{}]", exports.join(","));
    match place {
        Place::Direct => out.push_str(",\"place\":\"direct\",\"base\":0"),
        Place::Internal(slot) => {
            let _ = write!(out, ",\"place\":\"combined\",\"base\":{}", slot.base);
            if let Some(g) = slot.globals {
                let _ = write!(
                    out,
                    ",\"base_global\":{g},\"pages_global\":{},\"bytes_global\":{}",
                    g + 1,
                    g + 2
                );
            }
        }
        Place::Bridged(id) => {
            let _ = write!(out, ",\"place\":\"bridged\",\"bridge_id\":{id}");
        }
    }
    out.push('}');
}

fn opt(value: Option<u64>) -> String {
    value.map_or_else(|| "null".to_string(), |v| v.to_string())
}

/// A JSON string literal.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(string("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
    }
}
