//! The merge plan: merged types, which imports resolve to which input's entities, the output
//! index of every entity of every input, and the export list.

use super::check::{OutTypes, describe};
use super::inputs::{Input, SPACES, Space};
use super::{MergeError, MergeOptions, Rename};
use std::collections::HashMap;
use wasm_encoder::reencode::{Error, Reencode};
use wasm_encoder::{EntityType, ExportKind, TypeSection};

/// Index translation for one input: its types, entities, element and data segments.
pub(crate) struct Remap<'m> {
    pub types: &'m [u32],
    pub spaces: &'m [Vec<u32>; 5],
    pub elem_base: u32,
    pub data_base: u32,
}

impl Remap<'_> {
    fn get(list: &[u32], index: u32, what: &str) -> Result<u32, Error<MergeError>> {
        list.get(index as usize).copied().ok_or_else(|| {
            Error::UserError(MergeError::Internal {
                message: format!("{what} {index} out of range"),
            })
        })
    }

    pub(crate) fn space(&self, space: Space, index: u32) -> Result<u32, Error<MergeError>> {
        Self::get(&self.spaces[space as usize], index, space.noun())
    }
}

impl Reencode for Remap<'_> {
    type Error = MergeError;
    fn type_index(&mut self, ty: u32) -> Result<u32, Error<MergeError>> {
        Self::get(self.types, ty, "type")
    }
    fn function_index(&mut self, i: u32) -> Result<u32, Error<MergeError>> {
        self.space(Space::Func, i)
    }
    fn table_index(&mut self, i: u32) -> Result<u32, Error<MergeError>> {
        self.space(Space::Table, i)
    }
    fn memory_index(&mut self, i: u32) -> Result<u32, Error<MergeError>> {
        self.space(Space::Memory, i)
    }
    fn global_index(&mut self, i: u32) -> Result<u32, Error<MergeError>> {
        self.space(Space::Global, i)
    }
    fn tag_index(&mut self, i: u32) -> Result<u32, Error<MergeError>> {
        self.space(Space::Tag, i)
    }
    fn element_index(&mut self, i: u32) -> Result<u32, Error<MergeError>> {
        Ok(self.elem_base + i)
    }
    fn data_index(&mut self, i: u32) -> Result<u32, Error<MergeError>> {
        Ok(self.data_base + i)
    }
}

/// What an import of an input became.
enum Origin {
    /// The `n`-th output import (of its space).
    External(u32),
    /// Entity `index` of earlier input `input`.
    Resolved { input: usize, index: u32 },
}

/// Everything [`emit`](super::emit) needs besides the inputs.
pub(crate) struct Plan {
    pub types: TypeSection,
    pub type_maps: Vec<Vec<u32>>,
    pub imports: Vec<(String, String, EntityType)>,
    pub imported: [u32; 5],
    pub maps: Vec<[Vec<u32>; 5]>,
    pub elem_bases: Vec<u32>,
    pub data_bases: Vec<u32>,
    pub exports: Vec<(String, ExportKind, u32)>,
    pub renames: Vec<Rename>,
    /// The type `[] -> []` of the synthesized start function, when segments are converted.
    pub init_type: Option<u32>,
}

impl Plan {
    pub(crate) fn new(inputs: &[Input<'_>], options: &MergeOptions) -> Result<Self, MergeError> {
        let (mut types, mut type_count) = (TypeSection::new(), 0u32);
        let mut groups: HashMap<Vec<u8>, u32> = HashMap::new();
        let empty: [Vec<u32>; 5] = Default::default();
        let mut type_maps = Vec::new();
        // Each merged type as text, for error messages.
        let mut type_texts: Vec<String> = Vec::new();
        for input in inputs {
            let mut map = vec![0; input.type_count as usize];
            let mut first = 0usize;
            for group in &input.types {
                let len = group.types().len();
                // References inside the group point at where it would be appended.
                for (j, slot) in map[first..first + len].iter_mut().enumerate() {
                    *slot = type_count + j as u32;
                }
                let mut key = TypeSection::new();
                let mut remap = Remap { types: &map, spaces: &empty, elem_base: 0, data_base: 0 };
                remap.parse_recursive_type_group(key.ty(), group.clone())?;
                let key = encoded(&key);
                if let Some(&base) = groups.get(&key) {
                    for (j, slot) in map[first..first + len].iter_mut().enumerate() {
                        *slot = base + j as u32;
                    }
                } else {
                    let mut remap =
                        Remap { types: &map, spaces: &empty, elem_base: 0, data_base: 0 };
                    remap.parse_recursive_type_group(types.ty(), group.clone())?;
                    type_texts.extend(group.types().map(describe));
                    groups.insert(key, type_count);
                    type_count += len as u32;
                }
                first += len;
            }
            type_maps.push(map);
        }
        let needs_init = inputs.iter().filter(|i| i.initializes()).count() > 1;
        let init_type = needs_init.then(|| {
            let mut key = TypeSection::new();
            key.ty().function([], []);
            let key = encoded(&key);
            *groups.entry(key).or_insert_with(|| {
                types.ty().function([], []);
                type_texts.push("(func)".into());
                type_count += 1;
                type_count - 1
            })
        });

        // Imports: resolved from an earlier input, or kept (once per module, name and type).
        let mut origins: Vec<Vec<Origin>> = Vec::new();
        let mut imports = Vec::new();
        let mut imported = [0u32; 5];
        let mut external: HashMap<(String, String, String), u32> = HashMap::new();
        for (i, input) in inputs.iter().enumerate() {
            let mut list = Vec::new();
            let mut remap =
                Remap { types: &type_maps[i], spaces: &empty, elem_base: 0, data_base: 0 };
            for import in &input.imports {
                let space = Space::of_import(&import.ty);
                let exporter = inputs.iter().position(|x| x.name == import.module);
                let origin = match exporter {
                    Some(j) if j >= i => {
                        return Err(MergeError::Cycle {
                            importer: input.name.into(),
                            exporter: import.module.into(),
                            name: import.name.into(),
                        });
                    }
                    Some(j) => {
                        let export = inputs[j].exports.iter().find(|e| e.name == import.name);
                        let Some(export) = export else {
                            return Err(MergeError::UnknownExport {
                                importer: input.name.into(),
                                exporter: import.module.into(),
                                name: import.name.into(),
                            });
                        };
                        let kind = Space::of_export(export.kind);
                        if kind != space {
                            return Err(MergeError::Mismatch {
                                importer: input.name.into(),
                                exporter: import.module.into(),
                                name: import.name.into(),
                                reason: format!(
                                    "a {} is imported, the export is a {}",
                                    space.noun(),
                                    kind.noun()
                                ),
                            });
                        }
                        Origin::Resolved { input: j, index: export.index }
                    }
                    None => {
                        let ty = remap.entity_type(import.ty)?;
                        let key =
                            (import.module.to_string(), import.name.to_string(), format!("{ty:?}"));
                        let n = *external.entry(key).or_insert_with(|| {
                            imports.push((import.module.to_string(), import.name.to_string(), ty));
                            imported[space as usize] += 1;
                            imported[space as usize] - 1
                        });
                        Origin::External(n)
                    }
                };
                list.push(origin);
            }
            origins.push(list);
        }

        // Output indices, input by input; resolved imports are checked against their target.
        let mut out = OutTypes::default();
        for (_, _, ty) in &imports {
            // Externals in output order per space: `imports` lists them in that order.
            out.push(*ty);
        }
        let mut next = imported;
        let mut maps: Vec<[Vec<u32>; 5]> = Vec::new();
        let (mut elem_bases, mut data_bases, mut elems, mut datas) = (vec![], vec![], 0, 0);
        for (i, input) in inputs.iter().enumerate() {
            let mut map: [Vec<u32>; 5] = Default::default();
            let mut seen = [0usize; 5];
            let mut remap =
                Remap { types: &type_maps[i], spaces: &empty, elem_base: 0, data_base: 0 };
            for (import, origin) in input.imports.iter().zip(&origins[i]) {
                let space = Space::of_import(&import.ty) as usize;
                seen[space] += 1;
                let index = match *origin {
                    Origin::External(n) => n,
                    Origin::Resolved { input: j, index } => {
                        let target = maps[j][space][index as usize];
                        if let Some(reason) =
                            out.mismatch(remap.entity_type(import.ty)?, target, &type_texts)
                        {
                            return Err(MergeError::Mismatch {
                                importer: input.name.into(),
                                exporter: import.module.into(),
                                name: import.name.into(),
                                reason,
                            });
                        }
                        target
                    }
                };
                map[space].push(index);
            }
            for space in SPACES {
                let s = space as usize;
                let defined = input.count(space) - input.imported[s];
                map[s].extend(next[s]..next[s] + defined);
                next[s] += defined;
                let remap = &mut remap;
                for k in input.imported[s]..input.count(space) {
                    let k = k as usize;
                    out.push(match space {
                        Space::Func => EntityType::Function(remap.type_index(input.func_types[k])?),
                        Space::Table => EntityType::Table(remap.table_type(input.table_types[k])?),
                        Space::Memory => {
                            EntityType::Memory(remap.memory_type(input.memory_types[k])?)
                        }
                        Space::Global => {
                            EntityType::Global(remap.global_type(input.global_types[k])?)
                        }
                        Space::Tag => EntityType::Tag(remap.tag_type(input.tag_types[k])?),
                    });
                }
            }
            maps.push(map);
            elem_bases.push(elems);
            data_bases.push(datas);
            elems += input.elements.len() as u32;
            datas += input.data.len() as u32;
        }

        let (exports, renames) = exports(inputs, &maps, options)?;
        Ok(Plan {
            types,
            type_maps,
            imports,
            imported,
            maps,
            elem_bases,
            data_bases,
            exports,
            renames,
            init_type,
        })
    }
}

/// Every input's exports; a clash is an error or, when asked, a rename of the later one.
#[allow(clippy::type_complexity)]
fn exports(
    inputs: &[Input<'_>],
    maps: &[[Vec<u32>; 5]],
    options: &MergeOptions,
) -> Result<(Vec<(String, ExportKind, u32)>, Vec<Rename>), MergeError> {
    let mut owner: HashMap<String, usize> = HashMap::new();
    let (mut list, mut renames) = (Vec::new(), Vec::new());
    for (i, input) in inputs.iter().enumerate() {
        if options.hide_exports.iter().any(|h| h == input.name) {
            continue;
        }
        for export in &input.exports {
            let space = Space::of_export(export.kind);
            let mut name = export.name.to_string();
            if let Some(&first) = owner.get(&name) {
                let clash = |name: String, first: usize| MergeError::ExportClash {
                    name,
                    first: inputs[first].name.into(),
                    second: input.name.into(),
                };
                if !options.rename_export_conflicts {
                    return Err(clash(name, first));
                }
                let renamed = format!("{}.{}", input.name, export.name);
                if let Some(&taken) = owner.get(&renamed) {
                    return Err(clash(renamed, taken));
                }
                renames.push(Rename { input: input.name.into(), from: name, to: renamed.clone() });
                name = renamed;
            }
            owner.insert(name.clone(), i);
            let kind = match space {
                Space::Func => ExportKind::Func,
                Space::Table => ExportKind::Table,
                Space::Memory => ExportKind::Memory,
                Space::Global => ExportKind::Global,
                Space::Tag => ExportKind::Tag,
            };
            list.push((name, kind, maps[i][space as usize][export.index as usize]));
        }
    }
    Ok((list, renames))
}

fn encoded(section: &TypeSection) -> Vec<u8> {
    let mut bytes = Vec::new();
    wasm_encoder::Encode::encode(section, &mut bytes);
    bytes
}
