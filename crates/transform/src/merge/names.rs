//! The merged `name` section: every input's names in output indices, prefixed with the input's
//! name (`A.f`); an entity shared by several inputs keeps the name of the first that names it.

use super::MergeError;
use super::inputs::{Input, Space};
use super::resolve::Plan;
use std::collections::BTreeMap;
use wasm_encoder::{IndirectNameMap, NameMap, NameSection};
use wasmparser::Name;

/// One of `NameSection`'s methods that add a subsection.
type AddNames = fn(&mut NameSection, &NameMap);

/// Names by output index, per kind.
#[derive(Default)]
struct Names {
    functions: BTreeMap<u32, String>,
    locals: BTreeMap<u32, BTreeMap<u32, String>>,
    types: BTreeMap<u32, String>,
    spaces: [BTreeMap<u32, String>; 5],
    elements: BTreeMap<u32, String>,
    data: BTreeMap<u32, String>,
}

fn map(names: &BTreeMap<u32, String>) -> NameMap {
    let mut map = NameMap::new();
    for (&index, name) in names {
        map.append(index, name);
    }
    map
}

fn add(
    target: &mut BTreeMap<u32, String>,
    prefix: &str,
    names: wasmparser::NameMap<'_>,
    index: impl Fn(u32) -> Option<u32>,
) -> Result<(), MergeError> {
    for naming in names {
        let naming = naming?;
        if let Some(out) = index(naming.index) {
            target.entry(out).or_insert_with(|| format!("{prefix}.{}", naming.name));
        }
    }
    Ok(())
}

/// The `name` section of the merged module, if any input had names.
pub(crate) fn name_section(
    inputs: &[Input<'_>],
    plan: &Plan,
    init_function: Option<u32>,
) -> Result<Option<NameSection>, MergeError> {
    let mut names = Names::default();
    for (i, input) in inputs.iter().enumerate() {
        let Some(reader) = input.names.clone() else { continue };
        let maps = &plan.maps[i];
        let space = |s: Space| move |k: u32| maps[s as usize].get(k as usize).copied();
        let prefix = input.name;
        for subsection in reader {
            // A malformed name section is ignored, as engines ignore it.
            let Ok(subsection) = subsection else { break };
            let result = match subsection {
                Name::Function(m) => add(&mut names.functions, prefix, m, space(Space::Func)),
                Name::Type(m) => {
                    add(&mut names.types, prefix, m, |k| plan.type_maps[i].get(k as usize).copied())
                }
                Name::Table(m) => add(&mut names.spaces[1], prefix, m, space(Space::Table)),
                Name::Memory(m) => add(&mut names.spaces[2], prefix, m, space(Space::Memory)),
                Name::Global(m) => add(&mut names.spaces[3], prefix, m, space(Space::Global)),
                Name::Tag(m) => add(&mut names.spaces[4], prefix, m, space(Space::Tag)),
                Name::Element(m) => add(&mut names.elements, prefix, m, |k| {
                    (k < input.elements.len() as u32).then(|| plan.elem_bases[i] + k)
                }),
                Name::Data(m) => add(&mut names.data, prefix, m, |k| {
                    (k < input.data.len() as u32).then(|| plan.data_bases[i] + k)
                }),
                Name::Local(indirect) => {
                    let imported = input.imported[Space::Func as usize];
                    for entry in indirect {
                        let Ok(entry) = entry else { break };
                        // Locals belong to a body, so only defined functions carry them over.
                        if entry.index < imported {
                            continue;
                        }
                        let Some(out) = space(Space::Func)(entry.index) else { continue };
                        let locals = names.locals.entry(out).or_default();
                        for naming in entry.names {
                            let Ok(naming) = naming else { break };
                            locals.insert(naming.index, naming.name.to_string());
                        }
                    }
                    Ok(())
                }
                _ => Ok(()),
            };
            if result.is_err() {
                break;
            }
        }
    }
    if let Some(f) = init_function {
        names.functions.insert(f, "polymem.merge.init".into());
    }
    // Subsections in the order of their ids (function, local, type, table, memory, global,
    // element, data, tag).
    let mut section = NameSection::new();
    if !names.functions.is_empty() {
        section.functions(&map(&names.functions));
    }
    if !names.locals.is_empty() {
        let mut locals = IndirectNameMap::new();
        for (&f, list) in &names.locals {
            locals.append(f, &map(list));
        }
        section.locals(&locals);
    }
    let rest: [(&BTreeMap<u32, String>, AddNames); 7] = [
        (&names.types, NameSection::types),
        (&names.spaces[1], NameSection::tables),
        (&names.spaces[2], NameSection::memories),
        (&names.spaces[3], NameSection::globals),
        (&names.elements, NameSection::elements),
        (&names.data, NameSection::data),
        (&names.spaces[4], NameSection::tags),
    ];
    for (list, add) in &rest {
        if !list.is_empty() {
            add(&mut section, &map(list));
        }
    }
    let any = !names.functions.is_empty()
        || !names.locals.is_empty()
        || rest.iter().any(|(list, _)| !list.is_empty());
    Ok(any.then_some(section))
}
