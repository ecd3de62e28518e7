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
    (local $v1 f64) (local $v2 f64) (local $s f64) (local $end i32) (local $keep i32)
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
        ;; Kept unless s >= 1 or s === 0 (the JavaScript's rejection test). Stored either way and kept by
        ;; moving past it: about one pair in five is refused at random, a branch the CPU would mispredict.
        (f64.store (local.get $vs) (local.get $v1))
        (f64.store offset=8 (local.get $vs) (local.get $v2))
        (f64.store (local.get $ss) (local.get $s))
        (local.set $keep (i32.and (f64.lt (local.get $s) (f64.const 1)) (f64.ne (local.get $s) (f64.const 0))))
        (local.set $vs (i32.add (local.get $vs) (i32.shl (local.get $keep) (i32.const 4))))
        (local.set $ss (i32.add (local.get $ss) (i32.shl (local.get $keep) (i32.const 3))))
        (br_if $next (i32.lt_u (local.get $ss) (local.get $end)))))
    (global.set $s0 (local.get $s0))
    (global.set $s1 (local.get $s1))
    (global.set $s2 (local.get $s2))
    (global.set $c (local.get $c)))

  ;; fdlibm's log for two positive normal doubles at once, lane for lane the scalar $log above: the same
  ;; operations, with both sides of its two branches (k = 0 or not; i | j > 0 or not) computed and the
  ;; scalar's choice selected per lane. A lane below 2^-1022, or in the |f| < 2^-20 branch (x within 2^-20 of a
  ;; power of two), and anything not a positive finite number, sends the pair to the scalar $log.
  (func $log2 (export "log2") (param $x v128) (result v128)
    (local $hx0 v128) (local $hx v128) (local $k v128) (local $i v128) (local $f v128) (local $dk v128)
    (local $s v128) (local $z v128) (local $w v128) (local $r v128) (local $hfsq v128) (local $hfr v128)
    (local $sfr v128) (local $kzero v128) (local $ipos v128)
    (local.set $hx0 (i64x2.shr_u (local.get $x) (i32.const 32)))
    (local.set $hx (v128.and (local.get $hx0) (v128.const i64x2 0x000fffff 0x000fffff)))
    (if (v128.any_true
          (v128.or
            (v128.or
              (i64x2.lt_s (local.get $hx0) (v128.const i64x2 0x00100000 0x00100000))
              ;; infinities, NaN and negative numbers (sign bit set) as well
              (i64x2.gt_s (local.get $hx0) (v128.const i64x2 0x7fefffff 0x7fefffff)))
            (i64x2.lt_s (v128.and (i64x2.add (local.get $hx) (v128.const i64x2 2 2))
                                  (v128.const i64x2 0x000fffff 0x000fffff))
                        (v128.const i64x2 3 3))))
      (then
        (return
          (f64x2.replace_lane 1
            (f64x2.splat (call $log (f64x2.extract_lane 0 (local.get $x))))
            (call $log (f64x2.extract_lane 1 (local.get $x)))))))
    (local.set $k (i64x2.sub (i64x2.shr_u (local.get $hx0) (i32.const 20)) (v128.const i64x2 1023 1023)))
    (local.set $i (v128.and (i64x2.add (local.get $hx) (v128.const i64x2 0x95f64 0x95f64))
                            (v128.const i64x2 0x100000 0x100000)))
    ;; x or x / 2 in [sqrt(2)/2, sqrt(2)): the high word becomes hx | (i ^ 0x3ff00000)
    (local.set $f
      (f64x2.sub
        (v128.or
          (i64x2.shl (v128.or (local.get $hx) (v128.xor (local.get $i) (v128.const i64x2 0x3ff00000 0x3ff00000)))
                     (i32.const 32))
          (v128.and (local.get $x) (v128.const i64x2 0xffffffff 0xffffffff)))
        (v128.const f64x2 1 1)))
    (local.set $k (i64x2.add (local.get $k) (i64x2.shr_u (local.get $i) (i32.const 20))))
    ;; the low words of both i64 lanes to i32 lanes 0 and 1, then to float64
    (local.set $dk (f64x2.convert_low_i32x4_s
      (i8x16.shuffle 0 1 2 3 8 9 10 11 0 1 2 3 8 9 10 11 (local.get $k) (local.get $k))))
    (local.set $s (f64x2.div (local.get $f) (f64x2.add (v128.const f64x2 2 2) (local.get $f))))
    (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
    (local.set $w (f64x2.mul (local.get $z) (local.get $z)))
    ;; i | j > 0 with i = hx - 0x6147a, j = 0x6b851 - hx (small integers: the i64 signs are the i32 ones)
    (local.set $ipos
      (i64x2.gt_s
        (v128.or (i64x2.sub (local.get $hx) (v128.const i64x2 0x6147a 0x6147a))
                 (i64x2.sub (v128.const i64x2 0x6b851 0x6b851) (local.get $hx)))
        (v128.const i64x2 0 0)))
    (local.set $kzero (i64x2.eq (local.get $k) (v128.const i64x2 0 0)))
    (local.set $r
      (f64x2.add
        (f64x2.mul (local.get $z)
          (f64x2.add (v128.const f64x2 0x1.5555555555593p-1 0x1.5555555555593p-1)
            (f64x2.mul (local.get $w)
              (f64x2.add (v128.const f64x2 0x1.2492494229359p-2 0x1.2492494229359p-2)
                (f64x2.mul (local.get $w)
                  (f64x2.add (v128.const f64x2 0x1.7466496cb03dep-3 0x1.7466496cb03dep-3)
                    (f64x2.mul (local.get $w) (v128.const f64x2 0x1.2f112df3e5244p-3 0x1.2f112df3e5244p-3))))))))
        (f64x2.mul (local.get $w)
          (f64x2.add (v128.const f64x2 0x1.999999997fa04p-2 0x1.999999997fa04p-2)
            (f64x2.mul (local.get $w)
              (f64x2.add (v128.const f64x2 0x1.c71c51d8e78afp-3 0x1.c71c51d8e78afp-3)
                (f64x2.mul (local.get $w) (v128.const f64x2 0x1.39a09d078c69fp-3 0x1.39a09d078c69fp-3))))))))
    (local.set $hfsq (f64x2.mul (f64x2.mul (v128.const f64x2 0.5 0.5) (local.get $f)) (local.get $f)))
    (local.set $hfr (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $r))))
    (local.set $sfr (f64x2.mul (local.get $s) (f64x2.sub (local.get $f) (local.get $r))))
    (v128.bitselect
      ;; i | j > 0
      (v128.bitselect
        (f64x2.sub (local.get $f) (f64x2.sub (local.get $hfsq) (local.get $hfr)))
        (f64x2.sub (f64x2.mul (local.get $dk) (v128.const f64x2 0x1.62e42feep-1 0x1.62e42feep-1))
                   (f64x2.sub (f64x2.sub (local.get $hfsq)
                                         (f64x2.add (local.get $hfr)
                                                    (f64x2.mul (local.get $dk)
                                                               (v128.const f64x2 0x1.a39ef35793c76p-33 0x1.a39ef35793c76p-33))))
                              (local.get $f)))
        (local.get $kzero))
      ;; otherwise
      (v128.bitselect
        (f64x2.sub (local.get $f) (local.get $sfr))
        (f64x2.sub (f64x2.mul (local.get $dk) (v128.const f64x2 0x1.62e42feep-1 0x1.62e42feep-1))
                   (f64x2.sub (f64x2.sub (local.get $sfr)
                                         (f64x2.mul (local.get $dk)
                                                    (v128.const f64x2 0x1.a39ef35793c76p-33 0x1.a39ef35793c76p-33)))
                              (local.get $f)))
        (local.get $kzero))
      (local.get $ipos)))

  ;; n logarithms through $log2 (the last one of an odd n through $log), for the tests.
  (func (export "logs") (param $n i32) (param $in i32) (param $out i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $in) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $done
      (br_if $done (i32.ge_u (local.get $in) (local.get $end)))
      (loop $next
        (v128.store (local.get $out) (call $log2 (v128.load (local.get $in))))
        (local.set $in (i32.add (local.get $in) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $next (i32.lt_u (local.get $in) (local.get $end)))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then (f64.store (local.get $out) (call $log (f64.load (local.get $in)))))))

  ;; out[2k], out[2k + 1] = float32(v1 * m), float32(v2 * m) with m = sqrt((-2 * log s) / s); two pairs
  ;; at a time in float64x2 (every operation exact, so equal to the scalar loop), the last one of an odd n alone.
  (func (export "scale") (param $n i32) (param $vs i32) (param $ss i32) (param $out i32)
    (local $m f64) (local $end i32) (local $sv v128) (local $mv v128)
    (local.set $end (i32.add (local.get $ss) (i32.shl (i32.and (local.get $n) (i32.const -2)) (i32.const 3))))
    (block $pairsDone
      (br_if $pairsDone (i32.ge_u (local.get $ss) (local.get $end)))
      (loop $pairs
        (local.set $sv (v128.load (local.get $ss)))
        (local.set $mv
          (f64x2.sqrt (f64x2.div (f64x2.mul (v128.const f64x2 -2 -2) (call $log2 (local.get $sv))) (local.get $sv))))
        (v128.store (local.get $out)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero
              (f64x2.mul (v128.load (local.get $vs))
                         (i8x16.shuffle 0 1 2 3 4 5 6 7 0 1 2 3 4 5 6 7 (local.get $mv) (local.get $mv))))
            (f32x4.demote_f64x2_zero
              (f64x2.mul (v128.load offset=16 (local.get $vs))
                         (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $mv) (local.get $mv))))))
        (local.set $vs (i32.add (local.get $vs) (i32.const 32)))
        (local.set $ss (i32.add (local.get $ss) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (br_if $pairs (i32.lt_u (local.get $ss) (local.get $end)))))
    (if (i32.and (local.get $n) (i32.const 1))
      (then
        (local.set $m
          (f64.sqrt (f64.div (f64.mul (f64.const -2) (call $log (f64.load (local.get $ss))))
                             (f64.load (local.get $ss)))))
        (f32.store (local.get $out) (f32.demote_f64 (f64.mul (f64.load (local.get $vs)) (local.get $m))))
        (f32.store offset=4 (local.get $out)
          (f32.demote_f64 (f64.mul (f64.load offset=8 (local.get $vs)) (local.get $m)))))))
)
