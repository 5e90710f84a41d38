//! Rewriting a script so that linked modules run merged (see `merged.rs`).

use polymem_transform::merge::{MergeOptions, merge};
use std::collections::HashMap;
use std::fmt::Write as _;
use wast::parser::{self, ParseBuffer};

/// A module instantiated by the script.
pub(crate) struct Member {
    pub(crate) bytes: Vec<u8>,
    pub(crate) group: usize,
}

/// Modules that share state (one imports from another), and what ran on them.
#[derive(Default)]
pub(crate) struct Group {
    pub(crate) members: Vec<usize>,
    /// The merged instance's id once the group has been merged.
    pub(crate) merged: Option<String>,
    /// Per member: export name in the member -> export name in the merged module.
    pub(crate) renames: HashMap<(usize, String), String>,
    /// Action directives on members, in script order: (sequence, directive text, target).
    pub(crate) log: Vec<Logged>,
}

#[derive(Clone)]
pub(crate) struct Logged {
    pub(crate) seq: usize,
    /// The directive's text, its start in the source, the action keyword's offset.
    pub(crate) text: String,
    pub(crate) start: usize,
    pub(crate) action: usize,
    pub(crate) target: usize,
    pub(crate) line: usize,
}

/// Counts the harness keeps besides the runner's.
#[derive(Default, Clone, Copy)]
pub struct Stats {
    pub merges: usize,
    pub replayed: usize,
    pub rejected_unlinkable: usize,
    pub not_run: usize,
}

pub(crate) struct Rewriter<'s> {
    pub(crate) source: &'s str,
    pub(crate) out: String,
    /// (first output line of a chunk, original line, replay) in output order.
    pub(crate) lines: Vec<(usize, usize, bool)>,
    pub(crate) members: Vec<Member>,
    pub(crate) groups: Vec<Group>,
    pub(crate) ids: HashMap<String, usize>,
    pub(crate) registry: HashMap<String, usize>,
    pub(crate) current: Option<usize>,
    pub(crate) seq: usize,
    pub(crate) stats: Stats,
}

pub(crate) fn escape(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 3);
    for &b in bytes {
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' {
            s.push(b as char);
        } else {
            let _ = write!(s, "\\{b:02x}");
        }
    }
    s
}

/// The end of `invoke $id? "name"` / `get $id? "name"` starting at `at` in `text`.
pub(crate) fn action_header_end(text: &str, at: usize) -> usize {
    let b = text.as_bytes();
    let mut i = at;
    while i < b.len() && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    let skip_ws = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        i
    };
    i = skip_ws(i);
    if b.get(i) == Some(&b'$') {
        while i < b.len() && !b[i].is_ascii_whitespace() && !b"()\"".contains(&b[i]) {
            i += 1;
        }
        i = skip_ws(i);
    }
    assert_eq!(b.get(i), Some(&b'"'), "an action without a name string");
    i += 1;
    while b[i] != b'"' {
        i += if b[i] == b'\\' { 2 } else { 1 };
    }
    i + 1
}

/// A replayed directive: only there to give the merged instance the state the linked ones had,
/// so an `assert_return` becomes a plain `invoke` (its results were checked where the script
/// has it; the merged module runs every input's initialization before the replays, so a result
/// that read a table or memory a later input initializes can differ).
pub(crate) fn replay_text(text: &str) -> String {
    let b = text.as_bytes();
    if !text.starts_with("(assert_return") {
        return text.to_string();
    }
    let Some(open) = text[1..].find('(').map(|i| i + 1) else { return text.to_string() };
    if !text[open + 1..].trim_start().starts_with("invoke") {
        return text.to_string();
    }
    let (mut depth, mut i) = (0, open);
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return text[open..=i].to_string();
                }
            }
            _ => {}
        }
        i += 1;
    }
    text.to_string()
}

pub(crate) fn imports_of(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        if let Ok(wasmparser::Payload::ImportSection(reader)) = payload {
            for import in reader.into_imports().flatten() {
                names.push(import.module.to_string());
            }
        }
    }
    names
}

impl<'s> Rewriter<'s> {
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.source[..offset].matches('\n').count() + 1
    }

    pub(crate) fn emit(&mut self, text: &str, line: usize, replay: bool) {
        self.lines.push((self.out.matches('\n').count() + 1, line, replay));
        self.out.push_str(text);
        if !text.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// The member an action names (`$id`) or the current module.
    pub(crate) fn target(&self, id: Option<wast::token::Id<'_>>) -> Option<usize> {
        match id {
            Some(id) => self.ids.get(id.name()).copied(),
            None => self.current,
        }
    }

    /// The directive text with its action redirected to the target's merged instance.
    pub(crate) fn redirected(&self, logged: &Logged) -> String {
        let group = &self.groups[self.members[logged.target].group];
        let Some(merged) = &group.merged else { return logged.text.clone() };
        let rel = logged.action - logged.start;
        let end = action_header_end(&logged.text, rel);
        let header = &logged.text[rel..end];
        let keyword: String = header.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let name_start = header.find('"').unwrap();
        let name = parse_name(&header[name_start..]);
        let mapped = group.renames.get(&(logged.target, name.clone())).cloned().unwrap_or(name);
        format!(
            "{}{keyword} ${merged} \"{}\"{}",
            &logged.text[..rel],
            escape(mapped.as_bytes()),
            &logged.text[end..]
        )
    }

    /// The input name of member `m` in a merge: a name it is registered under, else `#m`.
    pub(crate) fn input_name(&self, m: usize) -> String {
        let mut names: Vec<&String> =
            self.registry.iter().filter(|(_, v)| **v == m).map(|(k, _)| k).collect();
        names.sort();
        names.first().map_or(format!("#{m}"), |n| n.to_string())
    }

    /// Merges the groups of the registered modules `bytes` imports with it. `Ok(None)` when it
    /// imports none.
    #[allow(clippy::type_complexity)]
    pub(crate) fn merge_with(
        &self,
        bytes: &[u8],
        new: usize,
    ) -> Option<(Vec<usize>, Result<polymem_transform::merge::Merged, String>)> {
        let mut groups: Vec<usize> = imports_of(bytes)
            .iter()
            .filter_map(|m| self.registry.get(m))
            .map(|&m| self.members[m].group)
            .collect();
        groups.sort();
        groups.dedup();
        if groups.is_empty() {
            return None;
        }
        let mut members: Vec<usize> =
            groups.iter().flat_map(|&g| self.groups[g].members.clone()).collect();
        members.sort();
        let mut names: Vec<String> = members.iter().map(|&m| self.input_name(m)).collect();
        names.push(format!("#{new}"));
        let mut inputs: Vec<(&str, &[u8])> = members
            .iter()
            .zip(&names)
            .map(|(&m, n)| (n.as_str(), self.members[m].bytes.as_slice()))
            .collect();
        inputs.push((names.last().unwrap().as_str(), bytes));
        let mut options = MergeOptions::default();
        options.rename_export_conflicts = true;
        Some((groups, merge(&inputs, &options).map_err(|e| e.to_string())))
    }
}

pub(crate) fn parse_name(quoted: &str) -> String {
    let buf = ParseBuffer::new(quoted).expect("a string token");
    let bytes: Vec<u8> = parser::parse::<StringToken>(&buf).expect("a name").0;
    String::from_utf8_lossy(&bytes).into_owned()
}

struct StringToken(Vec<u8>);

impl<'a> wast::parser::Parse<'a> for StringToken {
    fn parse(parser: wast::parser::Parser<'a>) -> wast::parser::Result<Self> {
        Ok(StringToken(parser.parse::<&[u8]>()?.to_vec()))
    }
}
