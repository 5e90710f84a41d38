//! Translation of function bodies to the IR.

use crate::error::Error;
use crate::module::ModuleInner;
use polymem_ir::CompiledFunc;

pub(crate) fn translate(
    _module: &ModuleInner,
    _func_index: u32,
    _body: &[u8],
    _offset: usize,
) -> Result<CompiledFunc, Error> {
    Err(Error::unsupported("translation is being written"))
}
