;; Standard normal draws, value for value what tfjs's seeded randomNormal draws: Marsaglia's polar method
;; over seedrandom's Alea. JavaScript computes the logarithms between `pairs` and `scale` (Math.log, the
;; very function tfjs calls), so every operation here is an exact IEEE one and the floats are equal to the bit.
;;
;; Alea in integers. Alea keeps s0, s1, s2 in [0, 1) as multiples of 2^-32 and an integer carry c < 2^21:
;;   t = 2091639 * s0 + c * 2^-32;  s0 = s1;  s1 = s2;  c = t | 0;  s2 = t - c
;; With S = s * 2^32, T = 2091639 * S0 + c is an integer below 2^53, so every double above is exact and the
;; step is the multiply-with-carry T = a * S0 + c, c' = T >> 32, S' = T mod 2^32. In i64 its carry chain is
;; an add and a shift, against a float multiply, add and two conversions in JavaScript.
(module
  ;; The caller's scratch: v pairs (f64 x 2), s (f64), log s (f64), output (f32 x 2); 4096 pairs fit.
  (memory (export "memory") 3)
  (global $s0 (mut i64) (i64.const 0))
  (global $s1 (mut i64) (i64.const 0))
  (global $s2 (mut i64) (i64.const 0))
  (global $c (mut i64) (i64.const 0))

  ;; Alea's state as seedrandom's Mash leaves it (s in [0, 1), multiples of 2^-32; the carry).
  (func (export "seed") (param $a f64) (param $b f64) (param $d f64) (param $carry f64)
    (global.set $s0 (i64.trunc_f64_u (f64.mul (local.get $a) (f64.const 4294967296))))
    (global.set $s1 (i64.trunc_f64_u (f64.mul (local.get $b) (f64.const 4294967296))))
    (global.set $s2 (i64.trunc_f64_u (f64.mul (local.get $d) (f64.const 4294967296))))
    (global.set $c (i64.trunc_f64_u (local.get $carry))))

  ;; Draws until n pairs (v1, v2) with 0 < s = v1^2 + v2^2 < 1 are kept: v1, v2 at $vs + 16k, s at $ss + 8k.
  (func (export "pairs") (param $n i32) (param $vs i32) (param $ss i32)
    (local $s0 i64) (local $s1 i64) (local $s2 i64) (local $c i64) (local $t i64)
    (local $v1 f64) (local $v2 f64) (local $s f64) (local $end i32)
    (local.set $s0 (global.get $s0))
    (local.set $s1 (global.get $s1))
    (local.set $s2 (global.get $s2))
    (local.set $c (global.get $c))
    (local.set $end (i32.add (local.get $ss) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $ss) (local.get $end)))
      (loop $next
        ;; v1 = 2 * random() - 1
        (local.set $t (i64.add (i64.mul (local.get $s0) (i64.const 2091639)) (local.get $c)))
        (local.set $s0 (local.get $s1))
        (local.set $s1 (local.get $s2))
        (local.set $c (i64.shr_u (local.get $t) (i64.const 32)))
        (local.set $s2 (i64.and (local.get $t) (i64.const 0xffffffff)))
        (local.set $v1
          (f64.sub
            (f64.mul (f64.const 2) (f64.mul (f64.convert_i64_s (local.get $s2)) (f64.const 0x1p-32)))
            (f64.const 1)))
        ;; v2 = 2 * random() - 1
        (local.set $t (i64.add (i64.mul (local.get $s0) (i64.const 2091639)) (local.get $c)))
        (local.set $s0 (local.get $s1))
        (local.set $s1 (local.get $s2))
        (local.set $c (i64.shr_u (local.get $t) (i64.const 32)))
        (local.set $s2 (i64.and (local.get $t) (i64.const 0xffffffff)))
        (local.set $v2
          (f64.sub
            (f64.mul (f64.const 2) (f64.mul (f64.convert_i64_s (local.get $s2)) (f64.const 0x1p-32)))
            (f64.const 1)))
        (local.set $s
          (f64.add (f64.mul (local.get $v1) (local.get $v1)) (f64.mul (local.get $v2) (local.get $v2))))
        ;; Kept unless s >= 1 or s === 0 (the JavaScript's rejection test).
        (if (i32.and (f64.lt (local.get $s) (f64.const 1)) (f64.ne (local.get $s) (f64.const 0)))
          (then
            (f64.store (local.get $vs) (local.get $v1))
            (f64.store offset=8 (local.get $vs) (local.get $v2))
            (f64.store (local.get $ss) (local.get $s))
            (local.set $vs (i32.add (local.get $vs) (i32.const 16)))
            (local.set $ss (i32.add (local.get $ss) (i32.const 8)))))
        (br_if $next (i32.lt_u (local.get $ss) (local.get $end)))))
    (global.set $s0 (local.get $s0))
    (global.set $s1 (local.get $s1))
    (global.set $s2 (local.get $s2))
    (global.set $c (local.get $c)))

  ;; out[2k], out[2k + 1] = float32(v1 * m), float32(v2 * m) with m = sqrt((-2 * log s) / s); log s at $ls + 8k.
  (func (export "scale") (param $n i32) (param $vs i32) (param $ss i32) (param $ls i32) (param $out i32)
    (local $m f64) (local $end i32)
    (local.set $end (i32.add (local.get $ss) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $ss) (local.get $end)))
      (loop $next
        (local.set $m
          (f64.sqrt (f64.div (f64.mul (f64.const -2) (f64.load (local.get $ls))) (f64.load (local.get $ss)))))
        (f32.store (local.get $out) (f32.demote_f64 (f64.mul (f64.load (local.get $vs)) (local.get $m))))
        (f32.store offset=4 (local.get $out)
          (f32.demote_f64 (f64.mul (f64.load offset=8 (local.get $vs)) (local.get $m))))
        (local.set $vs (i32.add (local.get $vs) (i32.const 16)))
        (local.set $ss (i32.add (local.get $ss) (i32.const 8)))
        (local.set $ls (i32.add (local.get $ls) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (br_if $next (i32.lt_u (local.get $ss) (local.get $end))))))
)
