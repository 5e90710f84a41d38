//! The WebAssembly proposals an engine accepts beyond Wasm 2.0: one table, from which the
//! [`Feature`] enum, its names, its defaults and the validator's feature set are derived.

use wasmparser::WasmFeatures;

/// Calls `$callback!` with one row per switchable proposal:
/// `Variant, "name", wasmparser flags, on by default;`.
macro_rules! for_each_feature {
    ($callback:ident) => {
        $callback! {
            /// Several memories in one module.
            MultiMemory, "multi-memory", [MULTI_MEMORY], true;
            /// 64-bit memories and tables (`i64` addresses), in any mix with 32-bit ones.
            Memory64, "memory64", [MEMORY64], true;
            /// 128-bit SIMD (`v128`).
            Simd, "simd", [SIMD], true;
            /// Relaxed SIMD (needs `simd`); the choices this engine makes are documented on the
            /// instructions' operations.
            RelaxedSimd, "relaxed-simd", [RELAXED_SIMD], true;
            /// `return_call` and `return_call_indirect`.
            TailCall, "tail-call", [TAIL_CALL], true;
            /// `i32/i64.add/sub/mul` in constant expressions.
            ExtendedConst, "extended-const", [EXTENDED_CONST], true;
            /// Memories with a page size of 1 byte (or the default 65536).
            CustomPageSizes, "custom-page-sizes", [CUSTOM_PAGE_SIZES], true;
            /// `i64.add128`, `i64.sub128`, `i64.mul_wide_s`, `i64.mul_wide_u`.
            WideArithmetic, "wide-arithmetic", [WIDE_ARITHMETIC], true;
        }
    };
}

macro_rules! define_features {
    ($( $(#[$doc:meta])* $name:ident, $text:literal, [$($flag:ident),*], $default:literal; )*) => {
        /// A WebAssembly proposal that an engine can accept or reject
        /// ([`Config::wasm_feature`](crate::Config::wasm_feature)).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Feature {
            $( $(#[$doc])* $name, )*
        }

        impl Feature {
            /// Every feature, in a fixed order.
            pub const ALL: &'static [Feature] = &[$(Feature::$name),*];

            /// The feature's name as the CLI spells it (`"simd"`, `"tail-call"`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Feature::$name => $text,)*
                }
            }

            /// The feature with that name, if any.
            pub fn from_name(name: &str) -> Option<Feature> {
                Feature::ALL.iter().copied().find(|f| f.name() == name)
            }

            /// Whether a default [`Config`](crate::Config) accepts the feature.
            pub fn on_by_default(self) -> bool {
                match self {
                    $(Feature::$name => $default,)*
                }
            }

            fn wasmparser(self) -> WasmFeatures {
                match self {
                    $(Feature::$name => WasmFeatures::empty() $(| WasmFeatures::$flag)*,)*
                }
            }
        }
    };
}

for_each_feature!(define_features);

impl std::fmt::Display for Feature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of enabled features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FeatureSet(u32);

impl Default for FeatureSet {
    fn default() -> Self {
        let mut set = FeatureSet(0);
        for &f in Feature::ALL {
            set.set(f, f.on_by_default());
        }
        set
    }
}

impl FeatureSet {
    fn bit(f: Feature) -> u32 {
        1 << f as u32
    }

    pub(crate) fn contains(self, f: Feature) -> bool {
        self.0 & Self::bit(f) != 0
    }

    pub(crate) fn set(&mut self, f: Feature, enable: bool) {
        if enable {
            self.0 |= Self::bit(f);
        } else {
            self.0 &= !Self::bit(f);
        }
    }

    /// The validator's feature set: Wasm 2.0 with the switchable features (SIMD among them)
    /// as set.
    pub(crate) fn wasmparser(self) -> WasmFeatures {
        let mut features = WasmFeatures::WASM2;
        for &f in Feature::ALL {
            features.set(f.wasmparser(), self.contains(f));
        }
        features
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_distinct() {
        for &f in Feature::ALL {
            assert_eq!(Feature::from_name(f.name()), Some(f));
        }
        assert_eq!(Feature::from_name("gc"), None);
    }

    #[test]
    fn switches_reach_the_validator() {
        let mut set = FeatureSet::default();
        assert!(set.wasmparser().contains(WasmFeatures::MULTI_MEMORY));
        set.set(Feature::MultiMemory, false);
        assert!(!set.wasmparser().contains(WasmFeatures::MULTI_MEMORY));
        set.set(Feature::TailCall, true);
        assert!(set.wasmparser().contains(WasmFeatures::TAIL_CALL));
        assert!(!set.wasmparser().contains(WasmFeatures::GC));
    }
}
