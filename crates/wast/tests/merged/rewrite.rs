//! Rewriting a script so that linked modules run merged (see `merged.rs`).

use polymem_transform::merge::{MergeOptions, merge};
use std::collections::HashMap;
use std::fmt::Write as _;
use wast::parser::{self, ParseBuffer};
use wast::{Wast, WastDirective, WastExecute};

/// A module instantiated by the script.
struct Member {
    bytes: Vec<u8>,
    group: usize,
}

/// Modules that share state (one imports from another), and what ran on them.
#[derive(Default)]
struct Group {
    members: Vec<usize>,
    /// The merged instance's id once the group has been merged.
    merged: Option<String>,
    /// Per member: export name in the member -> export name in the merged module.
    renames: HashMap<(usize, String), String>,
    /// Action directives on members, in script order: (sequence, directive text, target).
    log: Vec<Logged>,
}

#[derive(Clone)]
struct Logged {
    seq: usize,
    /// The directive's text, its start in the source, the action keyword's offset.
    text: String,
    start: usize,
    action: usize,
    target: usize,
    line: usize,
}

/// Counts the harness keeps besides the runner's.
#[derive(Default, Clone, Copy)]
pub struct Stats {
    pub merges: usize,
    pub replayed: usize,
    pub rejected_unlinkable: usize,
    pub not_run: usize,
}

struct Rewriter<'s> {
    source: &'s str,
    out: String,
    /// (first output line of a chunk, original line, replay) in output order.
    lines: Vec<(usize, usize, bool)>,
    members: Vec<Member>,
    groups: Vec<Group>,
    ids: HashMap<String, usize>,
    registry: HashMap<String, usize>,
    current: Option<usize>,
    seq: usize,
    stats: Stats,
}

fn escape(bytes: &[u8]) -> String {
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
fn action_header_end(text: &str, at: usize) -> usize {
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
fn replay_text(text: &str) -> String {
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

fn imports_of(bytes: &[u8]) -> Vec<String> {
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
    fn line_of(&self, offset: usize) -> usize {
        self.source[..offset].matches('\n').count() + 1
    }

    fn emit(&mut self, text: &str, line: usize, replay: bool) {
        self.lines.push((self.out.matches('\n').count() + 1, line, replay));
        self.out.push_str(text);
        if !text.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// The member an action names (`$id`) or the current module.
    fn target(&self, id: Option<wast::token::Id<'_>>) -> Option<usize> {
        match id {
            Some(id) => self.ids.get(id.name()).copied(),
            None => self.current,
        }
    }

    /// The directive text with its action redirected to the target's merged instance.
    fn redirected(&self, logged: &Logged) -> String {
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
    fn input_name(&self, m: usize) -> String {
        let mut names: Vec<&String> =
            self.registry.iter().filter(|(_, v)| **v == m).map(|(k, _)| k).collect();
        names.sort();
        names.first().map_or(format!("#{m}"), |n| n.to_string())
    }

    /// Merges the groups of the registered modules `bytes` imports with it. `Ok(None)` when it
    /// imports none.
    #[allow(clippy::type_complexity)]
    fn merge_with(
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

fn parse_name(quoted: &str) -> String {
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

/// A rewritten script: its text, where each output line came from, and the harness's counts.
pub struct Rewritten {
    pub text: String,
    pub lines: Vec<(usize, usize, bool)>,
    pub stats: Stats,
}

impl Rewritten {
    /// The original line of output line `line`, and whether it is a replay.
    pub fn original_line(&self, line: usize) -> (usize, bool) {
        let i = self.lines.partition_point(|&(first, _, _)| first <= line);
        self.lines.get(i.wrapping_sub(1)).map_or((line, false), |&(_, orig, replay)| (orig, replay))
    }
}

/// Rewrites `source` so that modules linked through `register` run merged.
pub fn rewrite(source: &str) -> Result<Rewritten, String> {
    let buf = ParseBuffer::new(source).map_err(|e| e.to_string())?;
    let wast: Wast<'_> = parser::parse(&buf).map_err(|e| e.to_string())?;
    let starts: Vec<usize> = wast
        .directives
        .iter()
        .map(|d| source[..d.span().offset()].rfind('(').unwrap_or(0))
        .collect();
    let mut r = Rewriter {
        source,
        out: String::new(),
        lines: Vec::new(),
        members: Vec::new(),
        groups: Vec::new(),
        ids: HashMap::new(),
        registry: HashMap::new(),
        current: None,
        seq: 0,
        stats: Stats::default(),
    };
    for (i, directive) in wast.directives.into_iter().enumerate() {
        let (start, end) = (starts[i], starts.get(i + 1).copied().unwrap_or(source.len()));
        r.directive(directive, start, end);
    }
    Ok(Rewritten { text: r.out, lines: r.lines, stats: r.stats })
}

impl Rewriter<'_> {
    fn directive(&mut self, directive: WastDirective<'_>, start: usize, end: usize) {
        let text = &self.source[start..end];
        let line = self.line_of(start);
        match directive {
            WastDirective::Module(mut module) => {
                let id = module.name().map(|id| id.name().to_string());
                match module.encode() {
                    Ok(bytes) => self.module(bytes, id, text, line),
                    Err(_) => self.emit(text, line, false),
                }
            }
            WastDirective::Register { name, module, .. } => match self.target(module) {
                Some(member) => {
                    self.registry.insert(name.to_string(), member);
                }
                None => self.emit(text, line, false),
            },
            WastDirective::Invoke(invoke) => {
                self.action(invoke.module, invoke.span.offset(), start, end)
            }
            WastDirective::AssertReturn { exec, .. }
            | WastDirective::AssertTrap { exec, .. }
            | WastDirective::AssertException { exec, .. } => match exec {
                WastExecute::Invoke(invoke) => {
                    self.action(invoke.module, invoke.span.offset(), start, end)
                }
                WastExecute::Get { module, span, .. } => {
                    self.action(module, span.offset(), start, end)
                }
                WastExecute::Wat(mut wat) => match wat.encode() {
                    Ok(bytes) => self.module_assertion(bytes, "assert_trap", text, line),
                    Err(_) => self.emit(text, line, false),
                },
            },
            WastDirective::AssertExhaustion { call, .. } => {
                self.action(call.module, call.span.offset(), start, end)
            }
            WastDirective::AssertUnlinkable { mut module, .. } => match module.encode() {
                Ok(bytes) => self.module_assertion(bytes, "assert_unlinkable", text, line),
                Err(_) => self.emit(text, line, false),
            },
            WastDirective::AssertInvalid { .. } | WastDirective::AssertMalformed { .. } => {
                self.stats.not_run += 1;
            }
            _ => self.emit(text, line, false),
        }
    }

    fn action(&mut self, id: Option<wast::token::Id<'_>>, action: usize, start: usize, end: usize) {
        let line = self.line_of(start);
        let text = self.source[start..end].to_string();
        let Some(target) = self.target(id) else { return self.emit(&text, line, false) };
        let logged = Logged { seq: self.seq, text, start, action, target, line };
        self.seq += 1;
        let redirected = self.redirected(&logged);
        self.emit(&redirected, line, false);
        let group = self.members[target].group;
        self.groups[group].log.push(logged);
    }

    fn module(&mut self, bytes: Vec<u8>, id: Option<String>, text: &str, line: usize) {
        let new = self.members.len();
        let Some((groups, merged)) = self.merge_with(&bytes, new) else {
            self.emit(text, line, false);
            self.groups.push(Group { members: vec![new], ..Group::default() });
            self.members.push(Member { bytes, group: self.groups.len() - 1 });
            return self.set_current(id, Some(new));
        };
        let merged = match merged {
            Ok(merged) => merged,
            Err(e) => {
                let failed = format!(
                    "(module (import \"polymem-merge-failed\" \"{}\" (func)))",
                    escape(e.as_bytes())
                );
                self.emit(&failed, line, false);
                if let Some(id) = &id {
                    self.ids.remove(id);
                }
                return self.current = None;
            }
        };
        let gid = self.groups.len();
        let mut group = Group::default();
        for old in groups {
            let old = std::mem::take(&mut self.groups[old]);
            group.members.extend(old.members);
            group.log.extend(old.log);
        }
        group.members.sort();
        group.log.sort_by_key(|l| l.seq);
        let names: Vec<String> = group.members.iter().map(|&m| self.input_name(m)).collect();
        for rename in &merged.renames {
            let member =
                names.iter().position(|n| *n == rename.input).map_or(new, |k| group.members[k]);
            group.renames.insert((member, rename.from.clone()), rename.to.clone());
        }
        group.members.push(new);
        let merged_id = format!("merged{}", self.stats.merges);
        self.stats.merges += 1;
        group.merged = Some(merged_id.clone());
        for &m in &group.members[..group.members.len() - 1] {
            self.members[m].group = gid;
        }
        self.members.push(Member { bytes, group: gid });
        self.emit(
            &format!("(module ${merged_id} binary \"{}\")", escape(&merged.wasm)),
            line,
            false,
        );
        let log = group.log.clone();
        self.groups.push(group);
        for logged in &log {
            let replay = replay_text(&self.redirected(logged));
            self.emit(&replay, logged.line, true);
            self.stats.replayed += 1;
        }
        self.set_current(id, Some(new));
    }

    fn set_current(&mut self, id: Option<String>, member: Option<usize>) {
        if let (Some(id), Some(m)) = (id, member) {
            self.ids.insert(id, m);
        }
        self.current = member;
    }

    /// `assert_trap`/`assert_unlinkable` of a module: merged when it imports registered modules.
    fn module_assertion(&mut self, bytes: Vec<u8>, kind: &str, text: &str, line: usize) {
        let Some((_, merged)) = self.merge_with(&bytes, self.members.len()) else {
            return self.emit(text, line, false);
        };
        let message = text.rfind(")").and_then(|close| {
            let body = &text[..close];
            let end = body.rfind('"')?;
            let begin = body[..end].rfind('"')?;
            Some(&body[begin..=end])
        });
        let message = message.unwrap_or("\"\"");
        match merged {
            Ok(merged) => {
                let module = format!("(module binary \"{}\")", escape(&merged.wasm));
                self.emit(&format!("({kind} {module} {message})"), line, false);
            }
            Err(_) if kind == "assert_unlinkable" => self.stats.rejected_unlinkable += 1,
            Err(e) => {
                let failed = format!(
                    "(module (import \"polymem-merge-failed\" \"{}\" (func)))",
                    escape(e.as_bytes())
                );
                self.emit(&failed, line, false);
            }
        }
    }
}
