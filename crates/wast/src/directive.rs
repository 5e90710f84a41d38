//! Executing one directive of a script and judging its outcome.

use crate::context::Context;
use crate::values::{matches, show, show_expected, trap_message_matches};
use polymem::{Error, Val};
use wast::core::WastRetCore;
use wast::{QuoteWat, QuoteWatTest, WastDirective, WastExecute, WastRet, Wat};

/// The script keyword of a directive, for failure lines.
pub(crate) fn name(directive: &WastDirective<'_>) -> &'static str {
    match directive {
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
    }
}

impl Context {
    /// Runs one directive: `Ok` if it behaved as the script says, else why not.
    pub(crate) fn run(&mut self, directive: WastDirective<'_>) -> Result<(), String> {
        match directive {
            WastDirective::Module(mut module) => {
                let id = module.name();
                let compiled = self.compile(&Self::encode(&mut module)?)?;
                let instance = self
                    .instantiate(&compiled)
                    .map_err(|e| format!("instantiation failed: {e}"))?;
                self.set_current(id, instance);
                Ok(())
            }
            WastDirective::ModuleDefinition(mut module) => {
                let id = module.name();
                let compiled = self.compile(&Self::encode(&mut module)?)?;
                self.define_module(id, compiled);
                Ok(())
            }
            WastDirective::ModuleInstance { instance, module, .. } => {
                let definition = self.definition(module)?;
                let created = self
                    .instantiate(&definition)
                    .map_err(|e| format!("instantiation failed: {e}"))?;
                self.set_current(instance, created);
                Ok(())
            }
            WastDirective::AssertMalformed { module, message, .. } => {
                self.assert_rejected(module, message)
            }
            WastDirective::AssertInvalid { module, message, .. } => {
                self.assert_rejected(module, message)
            }
            WastDirective::Register { name, module, .. } => {
                let instance = self.instance(module)?;
                self.register(name, instance)
            }
            WastDirective::Invoke(invoke) => {
                self.invoke(&invoke)?.map(drop).map_err(|e| format!("unexpected error: {e}"))
            }
            WastDirective::AssertTrap { exec, message, .. } => {
                let outcome = self.execute(exec)?;
                expect_trap(outcome, message)
            }
            WastDirective::AssertExhaustion { call, message, .. } => {
                let outcome = self.invoke(&call)?;
                expect_trap(outcome, message)
            }
            WastDirective::AssertReturn { exec, results, .. } => {
                let actual = self.execute(exec)?.map_err(|e| format!("unexpected error: {e}"))?;
                self.expect_results(&actual, &results)
            }
            WastDirective::AssertUnlinkable { module, message, .. } => {
                self.assert_unlinkable(module, message)
            }
            other => Err(format!("the `{}` directive is not supported", name(&other))),
        }
    }

    /// Runs an `invoke`, a `get` or a module instantiation (which yields no values).
    fn execute(&mut self, exec: WastExecute<'_>) -> Result<Result<Vec<Val>, Error>, String> {
        match exec {
            WastExecute::Invoke(invoke) => self.invoke(&invoke),
            WastExecute::Get { module, global, .. } => {
                self.get(module, global).map(|v| Ok(vec![v]))
            }
            WastExecute::Wat(mut wat) => {
                let bytes =
                    wat.encode().map_err(|e| format!("the module text does not parse: {e}"))?;
                let module = self.compile(&bytes)?;
                Ok(self.instantiate(&module).map(|_| Vec::new()))
            }
        }
    }

    /// `assert_malformed` and `assert_invalid`: the module must be rejected somewhere between
    /// text and [`polymem::Module`]. Messages differ between engines, so any error passes (a
    /// quoted text module that does not parse counts as malformed); an error that does not
    /// mention the expected text is kept as a note.
    fn assert_rejected(&mut self, mut module: QuoteWat<'_>, message: &str) -> Result<(), String> {
        let bytes = match module.to_test() {
            Ok(QuoteWatTest::Binary(bytes)) => bytes,
            Ok(QuoteWatTest::Text(_)) => match module.encode() {
                Ok(bytes) => bytes,
                Err(_) => return Ok(()),
            },
            // Text that the `wast` crate cannot even encode (unknown names, bad literals).
            Err(_) => return Ok(()),
        };
        match self.compile(&bytes) {
            Ok(_) => Err(format!("the module was accepted, expected an error like {message:?}")),
            Err(actual) => {
                self.note_message(message, &actual);
                Ok(())
            }
        }
    }

    /// Keeps a note when an expected rejection came with a different message.
    fn note_message(&mut self, expected: &str, actual: &str) {
        if !actual.contains(expected) {
            self.note = Some(format!("expected {expected:?}, the engine said: {actual}"));
        }
    }

    /// `assert_unlinkable`: the module compiles but instantiating it fails with a link error.
    fn assert_unlinkable(&mut self, mut module: Wat<'_>, message: &str) -> Result<(), String> {
        let bytes = module.encode().map_err(|e| format!("the module text does not parse: {e}"))?;
        let compiled = self.compile(&bytes)?;
        match self.instantiate(&compiled) {
            Ok(_) => Err(format!("the module linked, expected {message:?}")),
            Err(e) if e.as_trap().is_some() => {
                Err(format!("instantiation trapped ({e}), expected the link error {message:?}"))
            }
            Err(e) => {
                self.note_message(message, &e.to_string());
                Ok(())
            }
        }
    }

    /// Compares the results of an `assert_return`.
    fn expect_results(&self, actual: &[Val], expected: &[WastRet<'_>]) -> Result<(), String> {
        let store = &self.store;
        let shown = || actual.iter().map(|v| show(store, v)).collect::<Vec<_>>().join(", ");
        if actual.len() != expected.len() {
            return Err(format!(
                "expected {} results, got {} ({})",
                expected.len(),
                actual.len(),
                shown()
            ));
        }
        for (i, (value, want)) in actual.iter().zip(expected).enumerate() {
            let want: &WastRetCore<'_> = match want {
                WastRet::Core(core) => core,
                _ => return Err("component-model results are not supported".to_string()),
            };
            if !matches(store, value, want) {
                return Err(format!(
                    "result {i}: expected {}, got {} (all results: {})",
                    show_expected(want),
                    show(store, value),
                    shown()
                ));
            }
        }
        Ok(())
    }
}

/// `assert_trap` / `assert_exhaustion`: the execution must end in a trap with a matching message.
fn expect_trap(outcome: Result<Vec<Val>, Error>, message: &str) -> Result<(), String> {
    match outcome {
        Ok(values) => {
            Err(format!("expected the trap {message:?}, but it returned {} values", values.len()))
        }
        Err(e) if e.as_trap().is_none() => {
            Err(format!("expected the trap {message:?}, got the error: {e}"))
        }
        Err(e) => {
            let actual = e.to_string();
            if trap_message_matches(&actual, message) {
                Ok(())
            } else {
                Err(format!("expected the trap {message:?}, got {actual:?}"))
            }
        }
    }
}
