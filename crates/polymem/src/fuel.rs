//! Bounding what WebAssembly code may run: fuel and interruption.
//!
//! Both are opt-in per engine ([`Config::consume_fuel`], [`Config::interruptible`]) because the
//! translator then emits their checks into the code: an engine without them runs exactly the
//! code it ran before they existed. Fuel is counted in the store and shared by every activation
//! of it, nested host→Wasm calls included; the interrupt flag belongs to the store too.

use crate::error::Error;
use crate::store::Store;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

#[cfg(doc)]
use crate::{Config, TrapCode};

impl<T> Store<T> {
    /// Sets the fuel left to `fuel` units. Fails when the engine was built without
    /// [`Config::consume_fuel`]. A store starts with no fuel, so code traps with
    /// `all fuel consumed` until fuel is set; refilling after that trap lets code run again.
    ///
    /// ```
    /// use polymem::{Config, Engine, Instance, Module, Store, TrapCode};
    ///
    /// # fn main() -> Result<(), polymem::Error> {
    /// let wasm = wat::parse_str(r#"(module (func (export "spin") (loop (br 0))))"#)
    ///     .expect("valid text");
    /// let engine = Engine::new(Config::default().consume_fuel(true));
    /// let module = Module::new(&engine, &wasm)?;
    /// let mut store = Store::new(&engine, ());
    /// store.set_fuel(10_000)?;
    /// let instance = Instance::new(&mut store, &module, &[])?;
    /// let spin = instance.get_typed_func::<(), ()>(&store, "spin")?;
    /// let trap = spin.call(&mut store, ()).unwrap_err();
    /// assert_eq!(trap.as_trap(), Some(TrapCode::OutOfFuel));
    /// assert_eq!(trap.to_string(), "all fuel consumed");
    /// assert!(store.get_fuel()? < 10_000);
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_fuel(&mut self, fuel: u64) -> Result<(), Error> {
        self.check_fuel_enabled()?;
        self.inner.fuel = fuel;
        Ok(())
    }

    /// The fuel left. Fails when the engine was built without [`Config::consume_fuel`].
    pub fn get_fuel(&self) -> Result<u64, Error> {
        self.check_fuel_enabled()?;
        Ok(self.inner.fuel)
    }

    fn check_fuel_enabled(&self) -> Result<(), Error> {
        if self.inner.engine.config().consume_fuel {
            Ok(())
        } else {
            Err(Error::host(
                "fuel is not enabled: build the engine with Config::consume_fuel(true)",
            ))
        }
    }

    /// A handle that stops this store's running code from any thread. Fails when the engine
    /// was built without [`Config::interruptible`].
    ///
    /// ```
    /// use polymem::{Config, Engine, Instance, Module, Store, TrapCode};
    /// use std::time::Duration;
    ///
    /// # fn main() -> Result<(), polymem::Error> {
    /// let wasm = wat::parse_str(r#"(module (func (export "spin") (loop (br 0))))"#)
    ///     .expect("valid text");
    /// let engine = Engine::new(Config::default().interruptible(true));
    /// let module = Module::new(&engine, &wasm)?;
    /// let mut store = Store::new(&engine, ());
    /// let instance = Instance::new(&mut store, &module, &[])?;
    /// let spin = instance.get_typed_func::<(), ()>(&store, "spin")?;
    ///
    /// let handle = store.interrupt_handle()?;
    /// let watchdog = std::thread::spawn(move || {
    ///     std::thread::sleep(Duration::from_millis(20));
    ///     handle.interrupt();
    /// });
    /// let trap = spin.call(&mut store, ()).unwrap_err();
    /// assert_eq!(trap.as_trap(), Some(TrapCode::Interrupted));
    /// assert_eq!(trap.to_string(), "interrupted");
    /// watchdog.join().expect("the watchdog ran");
    /// # Ok(())
    /// # }
    /// ```
    pub fn interrupt_handle(&self) -> Result<InterruptHandle, Error> {
        if !self.inner.engine.config().interruptible {
            return Err(Error::host(
                "interruption is not enabled: build the engine with Config::interruptible(true)",
            ));
        }
        Ok(InterruptHandle { flag: Arc::clone(&self.inner.interrupt) })
    }
}

/// Stops the WebAssembly code running in one store, from any thread: see
/// [`Store::interrupt_handle`].
///
/// After [`interrupt`](Self::interrupt), running code traps with `interrupted`
/// ([`TrapCode::Interrupted`]) at its next function entry or loop header, which are the only
/// places that check (a long host call or a single huge `memory.fill` is not cut short). The
/// trap withdraws the request, so the store is usable again right away. A request made while
/// no code runs stays pending and stops the next call at its first check, unless
/// [`cancel`](Self::cancel) withdraws it first.
#[derive(Debug, Clone)]
pub struct InterruptHandle {
    flag: Arc<AtomicBool>,
}

impl InterruptHandle {
    /// Asks the store's running (or next) WebAssembly code to trap with `interrupted`.
    pub fn interrupt(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }

    /// Withdraws a request that no code has acted on yet.
    pub fn cancel(&self) {
        self.flag.store(false, Ordering::Relaxed);
    }
}
