//! [`Instr::fuse_pair`]: the superinstruction (a row of the ISA table's `pair` group) doing two
//! given instructions. The translator asks for every instruction it made an `Acc` form, so
//! most questions have no pair: two look-ups in tables built at compile time from the `pair`
//! rows (which rows have an opcode as first half, which as second) answer those, and a match
//! on the one row left checks its fields.

use crate::opcode::{OPS, Opcode};
use crate::{Instr, Slot};

/// The pattern binding a half's field to the superinstruction's field named for it.
macro_rules! pick_pat {
    ($f:ident) => {
        $f
    };
    ($f:ident, $name:tt) => {
        $name
    };
}

/// A half's field as the superinstruction gives it back: itself, or the default if not kept.
macro_rules! kept {
    ($f:ident) => {
        $f
    };
    ($f:ident, _) => {
        Default::default()
    };
    ($f:ident, $name:ident) => {
        $f
    };
}

/// Returns from `fuse_rows` with superinstruction `$V` if `$a` and `$b` are its halves: the
/// fields are taken from both halves (a name both give takes the second's value) and the
/// result must give back the same two instructions (but for the fields not kept), which checks
/// the shared names and that every value fits its field.
macro_rules! pair_match {
    ($a:ident, $b:ident, $V:ident { $($f:ident),* },
        pair($A:ident { $($af:ident $(: $an:tt)?),* }, $B:ident { $($bf:ident $(: $bn:tt)?),* })) => {
        'row: {
            let (expect_a, $(pick_pat!($af $(, $an)?),)*) = match $a {
                Self::$A { $($af),* } => (Self::$A { $($af: kept!($af $(, $an)?)),* }, $($af,)*),
                _ => break 'row,
            };
            let (expect_b, $(pick_pat!($bf $(, $bn)?),)*) = match $b {
                Self::$B { $($bf),* } => (Self::$B { $($bf: kept!($bf $(, $bn)?)),* }, $($bf,)*),
                _ => break 'row,
            };
            let ($($f,)*) = ($(TryFrom::try_from($f).ok(),)*);
            if let ($(Some($f),)*) = ($($f,)*) {
                let fused = Self::$V { $($f),* };
                if fused.halves() == Some((expect_a, expect_b)) {
                    return Some(fused);
                }
            }
        }
    };
    ($a:ident, $b:ident, $V:ident $fields:tt, $kind:ident $($args:tt)?) => {
        ()
    };
}

/// A pair row's part in the tables: with `min`, lowers `$x` to the row's opcode; with `first`
/// (`second`), sets the row's bit in `$x` at its first (second) half's opcode. Nothing for the
/// other rows.
macro_rules! pair_row {
    (min $x:ident, $V:ident, pair($A:ident $am:tt, $B:ident $bm:tt)) => {
        if (Opcode::$V as usize) < $x {
            $x = Opcode::$V as usize;
        }
    };
    (max $x:ident, $V:ident, pair($A:ident $am:tt, $B:ident $bm:tt)) => {
        if (Opcode::$V as usize) > $x {
            $x = Opcode::$V as usize;
        }
    };
    (first $x:ident, $V:ident, pair($A:ident $am:tt, $B:ident $bm:tt)) => {
        $x[Opcode::$A as usize] |= row_bit(Opcode::$V)
    };
    (second $x:ident, $V:ident, pair($A:ident $am:tt, $B:ident $bm:tt)) => {
        $x[Opcode::$B as usize] |= row_bit(Opcode::$V)
    };
    ($mode:ident $x:ident, $V:ident, $kind:ident $($args:tt)?) => {};
}

macro_rules! define_pairs {
    ($(
        $(#[$meta:meta])*
        $V:ident { $($f:ident: $T:ident),* } => $kind:ident $(($($arg:tt)*))? $(, $marker:ident $margs:tt)* ;
    )*) => {
        /// The lowest and the highest opcode of a pair row: pair row `V` is bit `V - FIRST_PAIR`
        /// of the tables' masks.
        const FIRST_PAIR: usize = {
            let mut first = usize::MAX;
            $( pair_row!(min first, $V, $kind $(($($arg)*))?); )*
            first
        };
        const LAST_PAIR: usize = {
            let mut last = 0;
            $( pair_row!(max last, $V, $kind $(($($arg)*))?); )*
            last
        };
        const _: () = assert!(
            LAST_PAIR - FIRST_PAIR < u64::BITS as usize,
            "the pair rows span more than 64 opcodes: widen the masks of `fuse_pair`"
        );

        /// Per opcode, the pair rows whose first half it is.
        const PAIR_FIRST: [u64; Instr::COUNT] = {
            let mut rows = [0; Instr::COUNT];
            $( pair_row!(first rows, $V, $kind $(($($arg)*))?); )*
            rows
        };
        /// Per opcode, the pair rows whose second half it is.
        const PAIR_SECOND: [u64; Instr::COUNT] = {
            let mut rows = [0; Instr::COUNT];
            $( pair_row!(second rows, $V, $kind $(($($arg)*))?); )*
            rows
        };

        impl Instr {
            /// Whether some superinstruction has this instruction's opcode as its first half.
            #[inline]
            pub fn starts_pair(&self) -> bool {
                PAIR_FIRST[self.opcode()] != 0
            }

            /// The superinstruction doing `first` then `second`, if the `pair` group has one
            /// for them (the caller checks that nothing jumps to `second`).
            #[inline]
            pub fn fuse_pair(first: Instr, second: Instr) -> Option<Instr> {
                let rows = PAIR_FIRST[first.opcode()] & PAIR_SECOND[second.opcode()];
                if rows == 0 { None } else { Self::fuse_rows(rows, first, second) }
            }

            /// [`Self::fuse_pair`] for the pair rows `rows` (a mask, not empty) whose halves have
            /// the opcodes of `first` and `second`: one row, as no two rows have the same halves
            /// (a test checks it). No loop over the mask: LLVM would hoist every row's opcode
            /// comparisons out of it.
            #[allow(unused_variables, clippy::useless_conversion)]
            fn fuse_rows(rows: u64, first: Instr, second: Instr) -> Option<Instr> {
                match OPS[FIRST_PAIR + rows.trailing_zeros() as usize] {
                    $( Opcode::$V => pair_match!(first, second, $V { $($f),* }, $kind $(($($arg)*))?), )*
                }
                None
            }
        }
    };
}

crate::for_each_instr!(define_pairs);

/// The mask bit of pair row `row`.
const fn row_bit(row: Opcode) -> u64 {
    1 << (row as usize - FIRST_PAIR)
}

/// A field value for building a row whose fields do not matter.
trait Zero {
    fn zero() -> Self;
}
impl Zero for Slot {
    fn zero() -> Self {
        Slot(0)
    }
}
macro_rules! zero_ints { ($($t:ty),*) => { $(impl Zero for $t { fn zero() -> Self { 0 } })* }; }
zero_ints!(u8, u16, u32, u64, i16, i32, i64);

macro_rules! pair_rows {
    ($(
        $(#[$meta:meta])*
        $V:ident { $($f:ident: $T:ident),* } => $kind:ident $(($($arg:tt)*))? $(, $marker:ident $margs:tt)* ;
    )*) => {
        [$( row_of!($kind, $V { $($f: $T),* }), )*]
    };
}
macro_rules! row_of {
    (pair, $V:ident { $($f:ident: $T:ident),* }) => {
        Some(Instr::$V { $($f: <$T as Zero>::zero()),* })
    };
    ($kind:ident, $($rest:tt)*) => { None };
}

impl Instr {
    /// Every row of the `pair` group, its fields zero: for the tests that check each pair
    /// against its halves (this crate's and the translator's).
    #[doc(hidden)]
    pub fn pair_rows() -> Vec<Instr> {
        let rows: [Option<Instr>; Instr::COUNT] = crate::for_each_instr!(pair_rows);
        rows.into_iter().flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use crate::Instr;

    /// The tables find every pair row from its halves (`fuse_rows` tries the lowest row of the
    /// mask only: no two rows may have the same halves).
    #[test]
    fn every_pair_row_fuses_from_its_halves() {
        let rows = Instr::pair_rows();
        assert!(rows.len() > 10);
        for row in rows {
            let (first, second) = row.halves().expect("a pair row has halves");
            assert_eq!(Instr::fuse_pair(first, second), Some(row), "{}", row.name());
        }
    }
}
