//! Floating-point kernels: dense matrix multiply, the Mandelbrot set and an n-body simulation.

use crate::{arena, size};

/// `n`×`n` f64 matrix multiply (i-k-j order); returns the bits of the sum of the product.
#[unsafe(no_mangle)]
pub extern "C" fn matmul(n: i32) -> i64 {
    let n = size(n).min(512);
    let all: &mut [f64] = arena(0, 3 * n * n);
    let (a, rest) = all.split_at_mut(n * n);
    let (b, c) = rest.split_at_mut(n * n);
    for i in 0..n {
        for j in 0..n {
            a[i * n + j] = ((i * 7 + j * 3) % 11) as f64 * 0.25 - 1.0;
            b[i * n + j] = ((i * 5 + j * 13) % 17) as f64 * 0.125 + 0.5;
        }
    }
    c.fill(0.0);
    for i in 0..n {
        for k in 0..n {
            let aik = a[i * n + k];
            let (row_b, row_c) = (&b[k * n..(k + 1) * n], &mut c[i * n..(i + 1) * n]);
            for (cij, bkj) in row_c.iter_mut().zip(row_b) {
                *cij += aik * bkj;
            }
        }
    }
    c.iter().sum::<f64>().to_bits() as i64
}

/// Escape-time iterations over an `n`×`n` grid of the Mandelbrot set (at most 255 per point).
#[unsafe(no_mangle)]
pub extern "C" fn mandelbrot(n: i32) -> i64 {
    let n = size(n);
    let mut total = 0u64;
    for py in 0..n {
        let ci = py as f64 / n as f64 * 2.4 - 1.2;
        for px in 0..n {
            let cr = px as f64 / n as f64 * 3.0 - 2.1;
            let (mut zr, mut zi, mut iter) = (0.0f64, 0.0f64, 0u64);
            while iter < 255 && zr * zr + zi * zi <= 4.0 {
                let t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                iter += 1;
            }
            total += iter;
        }
    }
    total as i64
}

/// Square root by Newton's method from a bit-level first guess (`f64::sqrt` needs `std` and
/// `core::arch::wasm32::f64_sqrt` is unstable); exact enough for a checksum both engines share.
fn f64_sqrt(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let mut y = f64::from_bits((x.to_bits() >> 1) + (1023u64 << 51));
    for _ in 0..5 {
        y = 0.5 * (y + x / y);
    }
    y
}

#[derive(Clone, Copy)]
struct Body {
    pos: [f64; 3],
    vel: [f64; 3],
    mass: f64,
}

const SOLAR_MASS: f64 = 4.0 * core::f64::consts::PI * core::f64::consts::PI;
const DAYS_PER_YEAR: f64 = 365.24;

/// The Sun and four planets (orbital data rounded; the dynamics, not the astronomy, matter here).
fn planets() -> [Body; 5] {
    let body = |pos: [f64; 3], vel: [f64; 3], mass: f64| Body {
        pos,
        vel: vel.map(|v| v * DAYS_PER_YEAR),
        mass: mass * SOLAR_MASS,
    };
    [
        body([0.0; 3], [0.0; 3], 1.0),
        body([4.84, -1.16, -0.10], [1.66e-3, 7.70e-3, -6.90e-5], 9.55e-4),
        body([8.34, 4.12, -0.40], [-2.77e-3, 5.00e-3, 2.30e-5], 2.86e-4),
        body([12.89, -15.11, -0.22], [2.96e-3, 2.37e-3, -2.96e-5], 4.37e-5),
        body([15.38, -25.92, 0.18], [2.68e-3, 1.63e-3, -9.51e-5], 5.15e-5),
    ]
}

fn energy(bodies: &[Body; 5]) -> f64 {
    let mut e = 0.0;
    for (i, b) in bodies.iter().enumerate() {
        e += 0.5 * b.mass * b.vel.iter().map(|v| v * v).sum::<f64>();
        for o in &bodies[i + 1..] {
            let d: [f64; 3] = core::array::from_fn(|k| b.pos[k] - o.pos[k]);
            e -= b.mass * o.mass / f64_sqrt(d.iter().map(|x| x * x).sum());
        }
    }
    e
}

/// `n` steps of a 5-body gravity simulation; returns the bits of the final energy.
#[unsafe(no_mangle)]
pub extern "C" fn nbody(n: i32) -> i64 {
    let mut bodies = planets();
    let momentum: [f64; 3] =
        core::array::from_fn(|k| bodies.iter().map(|b| b.vel[k] * b.mass).sum::<f64>());
    for k in 0..3 {
        bodies[0].vel[k] = -momentum[k] / SOLAR_MASS;
    }
    let dt = 0.01;
    for _ in 0..size(n) {
        for i in 0..5 {
            for j in i + 1..5 {
                let d: [f64; 3] = core::array::from_fn(|k| bodies[i].pos[k] - bodies[j].pos[k]);
                let dist2: f64 = d.iter().map(|x| x * x).sum();
                let mag = dt / (dist2 * f64_sqrt(dist2));
                let (mi, mj) = (bodies[i].mass, bodies[j].mass);
                for k in 0..3 {
                    bodies[i].vel[k] -= d[k] * mj * mag;
                    bodies[j].vel[k] += d[k] * mi * mag;
                }
            }
        }
        for b in &mut bodies {
            for k in 0..3 {
                b.pos[k] += dt * b.vel[k];
            }
        }
    }
    energy(&bodies).to_bits() as i64
}
