//! The `name` custom section: the module's name and its function names, kept for backtraces.
//!
//! The spec leaves custom sections unvalidated, so a malformed `name` section never fails the
//! module: whatever decoded before the first error is kept and the rest is ignored.

use wasmparser::{BinaryReader, Name, NameSectionReader};

/// The names a module's `name` section gives, in one compact form: all function names in one
/// string, with `(function index, end of its name)` pairs sorted by index. Only modules that
/// have the section carry one (`ModuleInner::names` is `None` otherwise).
#[derive(Debug, Default)]
pub(crate) struct Names {
    module: Option<Box<str>>,
    text: String,
    /// Sorted by function index (the section's function map is strictly increasing).
    funcs: Vec<(u32, u32)>,
}

impl Names {
    /// The names in the `name` section whose contents (after the section name) are `data`, at
    /// byte `offset` of the module; `None` when nothing in it decodes.
    pub(crate) fn parse(data: &[u8], offset: u64) -> Option<Self> {
        let mut names = Names::default();
        let reader = NameSectionReader::new(BinaryReader::new(data, offset));
        for subsection in reader {
            // A malformed subsection ends the reading; what came before stays.
            let Ok(subsection) = subsection else { break };
            match subsection {
                Name::Module { name, .. } => names.module = Some(name.into()),
                Name::Function(map) => {
                    names.text.clear();
                    names.funcs.clear();
                    for naming in map {
                        let Ok(naming) = naming else { break };
                        names.text.push_str(naming.name);
                        let Ok(end) = u32::try_from(names.text.len()) else { break };
                        names.funcs.push((naming.index, end));
                    }
                }
                // Locals, labels, types, ...: backtraces need none of them.
                _ => {}
            }
        }
        (names.module.is_some() || !names.funcs.is_empty()).then(|| {
            names.text.shrink_to_fit();
            names.funcs.shrink_to_fit();
            names
        })
    }

    /// The module's own name (the `name` section's module subsection).
    pub(crate) fn module(&self) -> Option<&str> {
        self.module.as_deref()
    }

    /// The name of function `index` (module index space, imports first).
    pub(crate) fn func(&self, index: u32) -> Option<&str> {
        let at = self.funcs.binary_search_by_key(&index, |&(i, _)| i).ok()?;
        let start = at.checked_sub(1).map_or(0, |prev| self.funcs[prev].1 as usize);
        self.text.get(start..self.funcs[at].1 as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `name` section body: module name `m`, functions 0 → `a`, 2 → `bc`.
    const SECTION: &[u8] = &[
        0, 2, 1, b'm', // module subsection
        1, 8, 2, 0, 1, b'a', 2, 2, b'b', b'c', // function subsection
    ];

    #[test]
    fn function_and_module_names_are_found_by_index() {
        let names = Names::parse(SECTION, 0).unwrap();
        assert_eq!(names.module(), Some("m"));
        assert_eq!(names.func(0), Some("a"));
        assert_eq!(names.func(1), None);
        assert_eq!(names.func(2), Some("bc"));
    }

    #[test]
    fn a_malformed_section_keeps_what_decoded() {
        // The function map claims three names but holds two, then ends.
        let mut bad = SECTION.to_vec();
        bad[6] = 3;
        let names = Names::parse(&bad, 0).unwrap();
        assert_eq!(names.module(), Some("m"));
        assert_eq!(names.func(0), Some("a"));
        assert!(Names::parse(&[0xff, 0xff], 0).is_none());
        assert!(Names::parse(&[], 0).is_none());
    }
}
