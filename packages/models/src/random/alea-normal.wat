;; Standard normal draws, value for value what tfjs's seeded randomNormal draws: Marsaglia's polar method
;; over seedrandom's Alea. Every operation is an exact IEEE one, and the logarithm is fdlibm's __ieee754_log,
;; the algorithm of V8's (and SpiderMonkey's) Math.log, operation for operation, so the floats are equal to
;; the bit (the tests compare with tf.randomNormal and with the JavaScript loop's Math.log).
;;
;; Alea in integers. Alea keeps s0, s1, s2 in [0, 1) as multiples of 2^-32 and an integer carry c < 2^21:
;;   t = 2091639 * s0 + c * 2^-32;  s0 = s1;  s1 = s2;  c = t | 0;  s2 = t - c
;; With S = s * 2^32, T = 2091639 * S0 + c is an integer below 2^53, so every double above is exact and the
;; step is the multiply-with-carry T = a * S0 + c, c' = T >> 32, S' = T mod 2^32. In i64 its carry chain is
;; an add and a shift, against a float multiply, add and two conversions in JavaScript.
(module
  ;; The caller's scratch: v pairs (f64 x 2), s (f64), output (f32 x 2); 4096 pairs fit.
  (memory (export "memory") 3)
  (global $s0 (mut i64) (i64.const 0))
  (global $s1 (mut i64) (i64.const 0))
  (global $s2 (mut i64) (i64.const 0))
  (global $c (mut i64) (i64.const 0))

  ;; fdlibm's __ieee754_log (e_log.c), as V8's src/base/ieee754.cc has it: x = 2^k * (1 + f) with
  ;; sqrt(2)/2 < 1 + f < sqrt(2), then log(1 + f) from s = f / (2 + f) and a degree-14 polynomial in s.
  (func $log (export "log") (param $x f64) (result f64)
    (local $hx i32) (local $k i32) (local $i i32) (local $j i32)
    (local $f f64) (local $s f64) (local $z f64) (local $w f64) (local $r f64) (local $dk f64) (local $hfsq f64)
    (local.set $hx (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))
    (if (i32.lt_s (local.get $hx) (i32.const 0x00100000))
      (then
        ;; log(+-0) = -inf, log(negative) = NaN, subnormals scaled up by 2^54
        (if (i32.eqz (i32.or (i32.and (local.get $hx) (i32.const 0x7fffffff))
                             (i32.wrap_i64 (i64.reinterpret_f64 (local.get $x)))))
          (then (return (f64.const -inf))))
        (if (i32.lt_s (local.get $hx) (i32.const 0)) (then (return (f64.const nan))))
        (local.set $k (i32.const -54))
        (local.set $x (f64.mul (local.get $x) (f64.const 0x1p54)))
        (local.set $hx (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))))
    (if (i32.ge_s (local.get $hx) (i32.const 0x7ff00000)) (then (return (f64.add (local.get $x) (local.get $x)))))
    (local.set $k (i32.add (local.get $k) (i32.sub (i32.shr_s (local.get $hx) (i32.const 20)) (i32.const 1023))))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x000fffff)))
    (local.set $i (i32.and (i32.add (local.get $hx) (i32.const 0x95f64)) (i32.const 0x100000)))
    ;; normalise x or x / 2: the high word becomes hx | (i ^ 0x3ff00000)
    (local.set $x
      (f64.reinterpret_i64
        (i64.or
          (i64.shl (i64.extend_i32_u (i32.or (local.get $hx) (i32.xor (local.get $i) (i32.const 0x3ff00000))))
                   (i64.const 32))
          (i64.and (i64.reinterpret_f64 (local.get $x)) (i64.const 0xffffffff)))))
    (local.set $k (i32.add (local.get $k) (i32.shr_s (local.get $i) (i32.const 20))))
    (local.set $f (f64.sub (local.get $x) (f64.const 1)))
    (local.set $dk (f64.convert_i32_s (local.get $k)))
    (if (i32.lt_s (i32.and (i32.const 0x000fffff) (i32.add (i32.const 2) (local.get $hx))) (i32.const 3))
      (then
        ;; |f| < 2^-20
        (if (f64.eq (local.get $f) (f64.const 0))
          (then
            (if (i32.eqz (local.get $k)) (then (return (f64.const 0))))
            (return (f64.add (f64.mul (local.get $dk) (f64.const 0x1.62e42feep-1))
                             (f64.mul (local.get $dk) (f64.const 0x1.a39ef35793c76p-33))))))
        (local.set $r
          (f64.mul (f64.mul (local.get $f) (local.get $f))
                   (f64.sub (f64.const 0.5) (f64.mul (f64.const 0x1.5555555555555p-2) (local.get $f)))))
        (if (i32.eqz (local.get $k)) (then (return (f64.sub (local.get $f) (local.get $r)))))
        (return
          (f64.sub (f64.mul (local.get $dk) (f64.const 0x1.62e42feep-1))
                   (f64.sub (f64.sub (local.get $r) (f64.mul (local.get $dk) (f64.const 0x1.a39ef35793c76p-33)))
                            (local.get $f))))))
    (local.set $s (f64.div (local.get $f) (f64.add (f64.const 2) (local.get $f))))
    (local.set $z (f64.mul (local.get $s) (local.get $s)))
    (local.set $i (i32.sub (local.get $hx) (i32.const 0x6147a)))
    (local.set $w (f64.mul (local.get $z) (local.get $z)))
    (local.set $j (i32.sub (i32.const 0x6b851) (local.get $hx)))
    ;; R = t2 + t1, t1 = w * (Lg2 + w * (Lg4 + w * Lg6)), t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)))
    (local.set $r
      (f64.add
        (f64.mul (local.get $z)
          (f64.add (f64.const 0x1.5555555555593p-1)
            (f64.mul (local.get $w)
              (f64.add (f64.const 0x1.2492494229359p-2)
                (f64.mul (local.get $w)
                  (f64.add (f64.const 0x1.7466496cb03dep-3)
                    (f64.mul (local.get $w) (f64.const 0x1.2f112df3e5244p-3)))))))) ;; Lg1, Lg3, Lg5, Lg7
        (f64.mul (local.get $w)
          (f64.add (f64.const 0x1.999999997fa04p-2)
            (f64.mul (local.get $w)
              (f64.add (f64.const 0x1.c71c51d8e78afp-3)
                (f64.mul (local.get $w) (f64.const 0x1.39a09d078c69fp-3)))))))) ;; Lg2, Lg4, Lg6
    (if (i32.gt_s (i32.or (local.get $i) (local.get $j)) (i32.const 0))
      (then
        (local.set $hfsq (f64.mul (f64.mul (f64.const 0.5) (local.get $f)) (local.get $f)))
        (if (i32.eqz (local.get $k))
          (then
            (return (f64.sub (local.get $f)
                             (f64.sub (local.get $hfsq)
                                      (f64.mul (local.get $s) (f64.add (local.get $hfsq) (local.get $r))))))))
        (return
          (f64.sub (f64.mul (local.get $dk) (f64.const 0x1.62e42feep-1))
                   (f64.sub (f64.sub (local.get $hfsq)
                                     (f64.add (f64.mul (local.get $s) (f64.add (local.get $hfsq) (local.get $r)))
                                              (f64.mul (local.get $dk) (f64.const 0x1.a39ef35793c76p-33))))
                            (local.get $f))))))
    (if (i32.eqz (local.get $k))
      (then
        (return (f64.sub (local.get $f)
                         (f64.mul (local.get $s) (f64.sub (local.get $f) (local.get $r)))))))
    (f64.sub (f64.mul (local.get $dk) (f64.const 0x1.62e42feep-1))
             (f64.sub (f64.sub (f64.mul (local.get $s) (f64.sub (local.get $f) (local.get $r)))
                               (f64.mul (local.get $dk) (f64.const 0x1.a39ef35793c76p-33)))
                      (local.get $f))))

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

  ;; out[2k], out[2k + 1] = float32(v1 * m), float32(v2 * m) with m = sqrt((-2 * log s) / s).
  (func (export "scale") (param $n i32) (param $vs i32) (param $ss i32) (param $out i32)
    (local $m f64) (local $end i32)
    (local.set $end (i32.add (local.get $ss) (i32.shl (local.get $n) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $ss) (local.get $end)))
      (loop $next
        (local.set $m
          (f64.sqrt (f64.div (f64.mul (f64.const -2) (call $log (f64.load (local.get $ss))))
                             (f64.load (local.get $ss)))))
        (f32.store (local.get $out) (f32.demote_f64 (f64.mul (f64.load (local.get $vs)) (local.get $m))))
        (f32.store offset=4 (local.get $out)
          (f32.demote_f64 (f64.mul (f64.load offset=8 (local.get $vs)) (local.get $m))))
        (local.set $vs (i32.add (local.get $vs) (i32.const 16)))
        (local.set $ss (i32.add (local.get $ss) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (i32.const 8)))
        (br_if $next (i32.lt_u (local.get $ss) (local.get $end))))))
)
