//! The directives of a script, one by one: modules merged with the groups they import from,
//! actions redirected and logged, registrations recorded (see `merged.rs`).

use crate::rewrite::{Group, Logged, Member, Rewriter, Stats, escape, replay_text};
use std::collections::HashMap;
use wast::parser::{self, ParseBuffer};
use wast::{Wast, WastDirective, WastExecute};

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
