//! `--max-*` options: the store's resource limits (`polymem::StoreLimits`) from the command line.

use polymem::StoreLimits;

/// Resource limits of the store a module runs in; each defaults to `StoreLimits::default()`
/// (listed in the README). Sizes take an optional binary suffix: `64KiB`, `512MiB`, `4GiB`.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct LimitOptions {
    /// The most bytes all memories may hold together (default 16GiB): creating a memory past
    /// it fails, a `memory.grow` past it returns -1.
    #[arg(long, value_name = "BYTES", value_parser = parse_size)]
    pub max_memory_bytes: Option<u64>,
    /// The most elements one table may hold (default 10000000).
    #[arg(long, value_name = "N")]
    pub max_table_elements: Option<u64>,
    /// The most elements all tables may hold together (default 100000000).
    #[arg(long, value_name = "N")]
    pub max_table_elements_total: Option<u64>,
    /// The most instances (default 10000).
    #[arg(long, value_name = "N")]
    pub max_instances: Option<usize>,
    /// The most memories (default 10000).
    #[arg(long, value_name = "N")]
    pub max_memories: Option<usize>,
    /// The most tables (default 10000).
    #[arg(long, value_name = "N")]
    pub max_tables: Option<usize>,
    /// The most globals (default 1000000).
    #[arg(long, value_name = "N")]
    pub max_globals: Option<usize>,
}

impl LimitOptions {
    /// The limits: the defaults with the given options applied.
    pub fn store_limits(&self) -> StoreLimits {
        let mut limits = StoreLimits::default();
        if let Some(bytes) = self.max_memory_bytes {
            limits.memory_bytes = usize::try_from(bytes).unwrap_or(usize::MAX);
        }
        let counts = [
            (self.max_instances, &mut limits.instances),
            (self.max_memories, &mut limits.memories),
            (self.max_tables, &mut limits.tables),
            (self.max_globals, &mut limits.globals),
        ];
        for (option, limit) in counts {
            if let Some(n) = option {
                *limit = n;
            }
        }
        limits.table_elements = self.max_table_elements.unwrap_or(limits.table_elements);
        limits.table_elements_total =
            self.max_table_elements_total.unwrap_or(limits.table_elements_total);
        limits
    }
}

/// A byte count: digits with an optional suffix `KiB`, `MiB`, `GiB` or `TiB`.
fn parse_size(text: &str) -> Result<u64, String> {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let shift = match &text[digits.len()..] {
        "" => 0,
        "KiB" => 10,
        "MiB" => 20,
        "GiB" => 30,
        "TiB" => 40,
        other => return Err(format!("unknown size suffix `{other}` (use KiB, MiB, GiB or TiB)")),
    };
    let n: u64 = digits.parse().map_err(|_| format!("`{text}` is not a byte count"))?;
    n.checked_mul(1 << shift).ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("65536"), Ok(65536));
        assert_eq!(parse_size("64KiB"), Ok(65536));
        assert_eq!(parse_size("4GiB"), Ok(4 << 30));
        assert!(parse_size("4GB").is_err());
        assert!(parse_size("GiB").is_err());
        assert!(parse_size("99999999999TiB").is_err());
    }

    #[test]
    fn unset_options_keep_the_defaults() {
        assert_eq!(LimitOptions::default().store_limits(), StoreLimits::default());
        let options = LimitOptions { max_globals: Some(3), ..LimitOptions::default() };
        assert_eq!(options.store_limits().globals, 3);
    }
}
