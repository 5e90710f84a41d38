//! The binary form of the [`Layout`] document (version 3), as stored in the
//! `polymem.memory-layout` custom section: the JSON of version 2 took 500-700 bytes, more than
//! the code of a small lowered kernel, and this form takes 40-80.
//!
//! The encoding follows the document's fields in declaration order: the version byte (3), then
//! every integer as unsigned LEB128, every `Option` as a byte 0 (none) or 1 followed by the
//! value, every string and list as its LEB128 length followed by the UTF-8 bytes or the
//! elements, every enum as one byte (its variant's position), `(module, name)` pairs as two
//! strings. Nothing may follow the document. `js/polymem/src/layout.js` decodes the same bytes.

use crate::section::{
    Address, BridgeImports, InPlace, Kind, LAYOUT_SECTION, LAYOUT_VERSION, Layout, LayoutError,
    LayoutMemory, LoweredMemory, Placement, Scratch,
};

impl Layout {
    /// The document in its binary form (the section's content).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(vec![self.version as u8]);
        let m = &self.memory;
        w.byte(m.kind as u8);
        w.opt(m.memory, |w, v| w.uint(v.into()));
        w.uint(m.min);
        w.opt(m.max, Writer::uint);
        w.opt(m.import.as_ref(), |w, (a, b)| w.pair(a, b));
        w.opt(self.scratch.as_ref(), |w, s| {
            w.uint(s.base);
            w.opt(s.base_global, |w, v| w.uint(v.into()));
            w.uint(s.bytes);
        });
        w.opt(self.bridge.as_ref(), |w, b| {
            w.str(&b.module);
            w.uint(b.functions.len() as u64);
            b.functions.iter().for_each(|f| w.str(f));
        });
        w.opt(self.in_place.as_ref(), |w, p| {
            w.uint(p.memory.into());
            w.str(&p.size_export);
            w.str(&p.grow_export);
        });
        w.uint(self.memories.len() as u64);
        for m in &self.memories {
            w.uint(m.index.into());
            w.byte(m.address as u8);
            w.uint(m.min);
            w.opt(m.max, Writer::uint);
            w.opt(m.import.as_ref(), |w, (a, b)| w.pair(a, b));
            w.uint(m.exports.len() as u64);
            m.exports.iter().for_each(|e| w.str(e));
            w.uint(m.export_positions.len() as u64);
            m.export_positions.iter().for_each(|&p| w.uint(p.into()));
            w.byte(m.place as u8);
            w.opt(m.base, Writer::uint);
            w.opt(m.room, Writer::uint);
            for g in [m.base_global, m.pages_global, m.bytes_global, m.room_global, m.bridge_id] {
                w.opt(g, |w, v| w.uint(v.into()));
            }
        }
        w.0
    }

    /// Reads the binary form; another version, a truncated document or trailing bytes are
    /// errors. A version 2 document (JSON, written before the binary form) is rejected with a
    /// note: the lowering that wrote it is older than its checks, so the module should be
    /// lowered again.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, LayoutError> {
        match bytes.first() {
            Some(&v) if u32::from(v) == LAYOUT_VERSION => {}
            Some(b'{') => {
                return Err(LayoutError(format!(
                    "{LAYOUT_SECTION}: a JSON document (version 2, written by an older polymem) \
                     is not the supported binary version {LAYOUT_VERSION}: lower the original \
                     module again"
                )));
            }
            v => {
                return Err(LayoutError(format!(
                    "{LAYOUT_SECTION}: version {} is not the supported version {LAYOUT_VERSION}",
                    v.map_or_else(|| "(missing)".to_string(), |v| v.to_string())
                )));
            }
        }
        let mut r = Reader { bytes, at: 1 };
        let layout = r.layout().map_err(|what| {
            LayoutError(format!("{LAYOUT_SECTION}: malformed at byte {}: {what}", r.at))
        })?;
        match r.at == bytes.len() {
            true => Ok(layout),
            false => Err(LayoutError(format!(
                "{LAYOUT_SECTION}: {} bytes after the document",
                bytes.len() - r.at
            ))),
        }
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn byte(&mut self, b: u8) {
        self.0.push(b);
    }
    fn uint(&mut self, mut v: u64) {
        loop {
            let low = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                return self.0.push(low);
            }
            self.0.push(low | 0x80);
        }
    }
    fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn pair(&mut self, a: &str, b: &str) {
        self.str(a);
        self.str(b);
    }
    fn opt<T>(&mut self, v: Option<T>, write: impl FnOnce(&mut Self, T)) {
        match v {
            None => self.byte(0),
            Some(v) => {
                self.byte(1);
                write(self, v);
            }
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

type Read<T> = Result<T, &'static str>;

impl Reader<'_> {
    fn byte(&mut self) -> Read<u8> {
        let b = *self.bytes.get(self.at).ok_or("unexpected end")?;
        self.at += 1;
        Ok(b)
    }
    fn uint(&mut self) -> Read<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return if shift == 63 && b > 1 { Err("integer too large") } else { Ok(v) };
            }
        }
        Err("integer too large")
    }
    fn u32(&mut self) -> Read<u32> {
        u32::try_from(self.uint()?).map_err(|_| "integer too large")
    }
    fn len(&mut self) -> Read<usize> {
        // Every element takes at least a byte: a longer list cannot fit.
        let n = self.uint()?;
        usize::try_from(n).ok().filter(|&n| n <= self.bytes.len() - self.at).ok_or("bad length")
    }
    fn str(&mut self) -> Read<String> {
        let n = self.len()?;
        let s = std::str::from_utf8(&self.bytes[self.at..self.at + n]).map_err(|_| "not UTF-8")?;
        self.at += n;
        Ok(s.to_string())
    }
    fn pair(&mut self) -> Read<(String, String)> {
        Ok((self.str()?, self.str()?))
    }
    fn opt<T>(&mut self, read: impl FnOnce(&mut Self) -> Read<T>) -> Read<Option<T>> {
        match self.byte()? {
            0 => Ok(None),
            1 => read(self).map(Some),
            _ => Err("bad option flag"),
        }
    }
    fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        (0..self.len()?).map(|_| read(self)).collect()
    }
    fn pick<T: Copy>(&mut self, values: &[T]) -> Read<T> {
        values.get(usize::from(self.byte()?)).copied().ok_or("bad enum value")
    }

    fn layout(&mut self) -> Read<Layout> {
        let memory = LoweredMemory {
            kind: self.pick(&[Kind::Direct, Kind::Combined, Kind::ImportedCombined])?,
            memory: self.opt(Self::u32)?,
            min: self.uint()?,
            max: self.opt(Self::uint)?,
            import: self.opt(Self::pair)?,
        };
        let scratch = self.opt(|r| {
            Ok(Scratch { base: r.uint()?, base_global: r.opt(Self::u32)?, bytes: r.uint()? })
        })?;
        let bridge =
            self.opt(|r| Ok(BridgeImports { module: r.str()?, functions: r.list(Self::str)? }))?;
        let in_place = self.opt(|r| {
            Ok(InPlace { memory: r.u32()?, size_export: r.str()?, grow_export: r.str()? })
        })?;
        let memories = self.list(|r| {
            Ok(LayoutMemory {
                index: r.u32()?,
                address: r.pick(&[Address::I32, Address::I64])?,
                min: r.uint()?,
                max: r.opt(Self::uint)?,
                import: r.opt(Self::pair)?,
                exports: r.list(Self::str)?,
                export_positions: r.list(Self::u32)?,
                place: r.pick(&[
                    Placement::Direct,
                    Placement::Combined,
                    Placement::InPlace,
                    Placement::Bridged,
                ])?,
                base: r.opt(Self::uint)?,
                room: r.opt(Self::uint)?,
                base_global: r.opt(Self::u32)?,
                pages_global: r.opt(Self::u32)?,
                bytes_global: r.opt(Self::u32)?,
                room_global: r.opt(Self::u32)?,
                bridge_id: r.opt(Self::u32)?,
            })
        })?;
        Ok(Layout { version: LAYOUT_VERSION, memory, scratch, bridge, in_place, memories })
    }
}
