;; Kernels that run beside PFFFT in its memory, written by hand because each is a short loop over every
;; element, which JavaScript runs one scalar at a time:
;; - melFrames: the whole per-frame loop of a mel spectrogram in one call: window (f32x4), PFFFT's ordered
;;   real transform (imported), |X|^2 or |X| (f32x4), and the sparse mel sums (f32x4), written straight
;;   into the [mel][frame] output;
;; - maxValue, powerToDb, clampBelow: power_to_db, two cells at a time (f64x2), computing exactly what
;;   src/power-to-db/index.ts computes, operation for operation, so the results are equal to the bit.
;; scripts/build-spectrogram-kernels-wasm.mjs compiles it (wabt) into src/fft/spectrogram-kernels-wasm.ts.
(module
  (import "env" "memory" (memory 1))
  ;; pffft_transform_ordered(setup, input, output, work, direction)
  (import "env" "transform" (func $transform (param i32 i32 i32 i32 i32)))
  ;; Math.log, for the values the table method does not take (at or below amin, subnormal, inf, NaN).
  (import "env" "log" (func $log (param f64) (result f64)))

  ;; Byte addresses throughout. Frame t is the n floats at signal + t * hopBytes (the caller pads the
  ;; signal). Filters: nMels records of three i32 (first bin, span length rounded up to a multiple of 4,
  ;; index of its first weight in weights); the rounding adds zero weights, so powers must hold n / 2 + 4
  ;; floats, zeros past n / 2. The output is dst[m * nFrames + t].
  (func (export "melFrames")
    (param $setup i32) (param $in i32) (param $out i32) (param $work i32)
    (param $signal i32) (param $hopBytes i32) (param $nFrames i32) (param $n i32)
    (param $window i32) (param $magnitude i32) (param $powers i32)
    (param $nMels i32) (param $filters i32) (param $weights i32) (param $dst i32)
    (local $t i32) (local $src i32) (local $i i32) (local $nBytes i32) (local $p i32) (local $w i32)
    (local $end i32) (local $f i32) (local $m i32) (local $o i32) (local $rowBytes i32)
    (local $a v128) (local $b v128) (local $acc v128) (local $dc f32) (local $nyquist f32)
    (local.set $nBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $rowBytes (i32.shl (local.get $nFrames) (i32.const 2)))
    (local.set $src (local.get $signal))
    (block $frames_done
      (loop $frames
        (br_if $frames_done (i32.ge_u (local.get $t) (local.get $nFrames)))
        ;; in = frame * window
        (local.set $i (i32.const 0))
        (loop $window_loop
          (v128.store
            (i32.add (local.get $in) (local.get $i))
            (f32x4.mul
              (v128.load (i32.add (local.get $src) (local.get $i)))
              (v128.load (i32.add (local.get $window) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br_if $window_loop (i32.lt_u (local.get $i) (local.get $nBytes))))
        (call $transform (local.get $setup) (local.get $in) (local.get $out) (local.get $work) (i32.const 0))
        ;; Ordered output: [X0, X(n/2), re X1, im X1, ...]. Pairs of floats give |X_k|^2 for k < n / 2,
        ;; the first pair wrongly (X0^2 + X(n/2)^2), mended after the loop.
        (local.set $dc (f32.load (local.get $out)))
        (local.set $nyquist (f32.load offset=4 (local.get $out)))
        (local.set $i (i32.const 0))
        (local.set $p (local.get $powers))
        (loop $power_loop
          (local.set $a (v128.load (i32.add (local.get $out) (local.get $i))))
          (local.set $a (f32x4.mul (local.get $a) (local.get $a)))
          (local.set $b (v128.load offset=16 (i32.add (local.get $out) (local.get $i))))
          (local.set $b (f32x4.mul (local.get $b) (local.get $b)))
          (local.set $acc
            (f32x4.add
              (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a) (local.get $b))
              (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a) (local.get $b))))
          (if (local.get $magnitude) (then (local.set $acc (f32x4.sqrt (local.get $acc)))))
          (v128.store (local.get $p) (local.get $acc))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (local.set $i (i32.add (local.get $i) (i32.const 32)))
          (br_if $power_loop (i32.lt_u (local.get $i) (local.get $nBytes))))
        ;; $p now points at powers[n / 2].
        (if (local.get $magnitude)
          (then
            (f32.store (local.get $powers) (f32.abs (local.get $dc)))
            (f32.store (local.get $p) (f32.abs (local.get $nyquist))))
          (else
            (f32.store (local.get $powers) (f32.mul (local.get $dc) (local.get $dc)))
            (f32.store (local.get $p) (f32.mul (local.get $nyquist) (local.get $nyquist)))))
        ;; Mel sums, four bins at a time.
        (local.set $m (i32.const 0))
        (local.set $f (local.get $filters))
        (local.set $o (i32.add (local.get $dst) (i32.shl (local.get $t) (i32.const 2))))
        (block $mels_done
          (loop $mels
            (br_if $mels_done (i32.ge_u (local.get $m) (local.get $nMels)))
            (local.set $p (i32.add (local.get $powers) (i32.shl (i32.load (local.get $f)) (i32.const 2))))
            (local.set $end (i32.add (local.get $p) (i32.shl (i32.load offset=4 (local.get $f)) (i32.const 2))))
            (local.set $w (i32.add (local.get $weights) (i32.shl (i32.load offset=8 (local.get $f)) (i32.const 2))))
            (local.set $acc (v128.const f32x4 0 0 0 0))
            (block $sum_done
              (loop $sum
                (br_if $sum_done (i32.ge_u (local.get $p) (local.get $end)))
                (local.set $acc
                  (f32x4.add (local.get $acc) (f32x4.mul (v128.load (local.get $p)) (v128.load (local.get $w)))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (local.set $w (i32.add (local.get $w) (i32.const 16)))
                (br $sum)))
            (f32.store
              (local.get $o)
              (f32.add
                (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
            (local.set $o (i32.add (local.get $o) (local.get $rowBytes)))
            (local.set $f (i32.add (local.get $f) (i32.const 12)))
            (local.set $m (i32.add (local.get $m) (i32.const 1)))
            (br $mels)))
        (local.set $src (i32.add (local.get $src) (local.get $hopBytes)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $frames))))
  ;; The largest of count floats at src, NaN ignored (-inf when there is none), as `if (x > ref) ref = x`.
  (func (export "maxValue") (param $src i32) (param $count i32) (result f32)
    (local $end i32) (local $acc v128) (local $best f32) (local $x f32)
    (local.set $acc (v128.const f32x4 -inf -inf -inf -inf))
    (local.set $end (i32.add (local.get $src) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        ;; pmax(a, b) is a < b ? b : a: a NaN b leaves a.
        (local.set $acc (f32x4.pmax (local.get $acc) (v128.load (local.get $src))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $quads)))
    (local.set $best (f32x4.extract_lane 0 (local.get $acc)))
    (if (f32.gt (f32x4.extract_lane 1 (local.get $acc)) (local.get $best))
      (then (local.set $best (f32x4.extract_lane 1 (local.get $acc)))))
    (if (f32.gt (f32x4.extract_lane 2 (local.get $acc)) (local.get $best))
      (then (local.set $best (f32x4.extract_lane 2 (local.get $acc)))))
    (if (f32.gt (f32x4.extract_lane 3 (local.get $acc)) (local.get $best))
      (then (local.set $best (f32x4.extract_lane 3 (local.get $acc)))))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $count) (i32.const 3)) (i32.const 2))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $x (f32.load (local.get $src)))
        (if (f32.gt (local.get $x) (local.get $best)) (then (local.set $best (local.get $x))))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $tail)))
    (local.get $best))

  ;; ln(1 + r) for |r| < 1/256: Horner's scheme to r^7, one step at a time in the order powerToDb's JS
  ;; evaluates r * (1 + r * (-1/2 + r * (1/3 + ... + r * (1/7)))).
  (func $series (param $r f64) (result f64)
    (local $p f64)
    (local.set $p (f64.const 0x1.2492492492492p-3))
    (local.set $p (f64.add (f64.const -0x1.5555555555555p-3) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 0.2) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const -0.25) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 0x1.5555555555555p-2) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const -0.5) (f64.mul (local.get $r) (local.get $p))))
    (local.set $p (f64.add (f64.const 1) (f64.mul (local.get $r) (local.get $p))))
    (f64.mul (local.get $r) (local.get $p)))

  ;; The same for two values at once.
  (func $seriesPair (param $r v128) (result v128)
    (local $p v128)
    (local.set $p (v128.const f64x2 0x1.2492492492492p-3 0x1.2492492492492p-3))
    (local.set $p (f64x2.add (v128.const f64x2 -0x1.5555555555555p-3 -0x1.5555555555555p-3) (f64x2.mul (local.get $r) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 0.2 0.2) (f64x2.mul (local.get $r) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 -0.25 -0.25) (f64x2.mul (local.get $r) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 0x1.5555555555555p-2 0x1.5555555555555p-2) (f64x2.mul (local.get $r) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 -0.5 -0.5) (f64x2.mul (local.get $r) (local.get $p))))
    (local.set $p (f64x2.add (v128.const f64x2 1 1) (f64x2.mul (local.get $r) (local.get $p))))
    (f64x2.mul (local.get $r) (local.get $p)))

  ;; scale * ln(max(amin, x)) - offset for one float, the scalar path of powerToDb's JS.
  (func $cellDb (param $p i32) (param $tables i32) (param $amin f64) (param $scale f64) (param $offset f64)
        (result f64)
    (local $word i32) (local $value f64) (local $e i32) (local $j i32) (local $ln f64)
    (local.set $word (i32.load (local.get $p)))
    (local.set $value (f64.promote_f32 (f32.load (local.get $p))))
    (local.set $e (i32.and (i32.shr_u (local.get $word) (i32.const 23)) (i32.const 255)))
    (if (i32.and
          (f64.gt (local.get $value) (local.get $amin))
          (i32.lt_u (i32.sub (local.get $e) (i32.const 1)) (i32.const 254)))
      (then
        (local.set $j (i32.add (local.get $tables)
          (i32.shl (i32.and (i32.shr_u (local.get $word) (i32.const 16)) (i32.const 127)) (i32.const 3))))
        (local.set $ln
          (f64.add
            (f64.add
              (f64.mul (f64.convert_i32_s (i32.sub (local.get $e) (i32.const 127))) (f64.const 0x1.62e42fefa39efp-1))
              (f64.load offset=1024 (local.get $j)))
            (call $series
              (f64.sub
                (f64.mul
                  (f64.add (f64.const 1)
                    (f64.mul (f64.convert_i32_u (i32.and (local.get $word) (i32.const 0x7fffff))) (f64.const 0x1p-23)))
                  (f64.load (local.get $j)))
                (f64.const 1))))))
      (else
        (local.set $ln (call $log (f64.max (local.get $amin) (local.get $value))))))
    (f64.sub (f64.mul (local.get $scale) (local.get $ln)) (local.get $offset)))

  ;; dst[i] = scale * ln(max(amin, src[i])) - offset (f32), for count floats; returns the largest (NaN
  ;; ignored). tables: 128 f64 of 1 / centre, then 128 f64 of ln(centre), as powerToDb's JS builds them.
  (func (export "powerToDb")
    (param $src i32) (param $dst i32) (param $count i32) (param $tables i32)
    (param $amin f64) (param $scale f64) (param $offset f64) (result f64)
    (local $end i32) (local $words v128) (local $values v128) (local $e v128) (local $ok v128)
    (local $j0 i32) (local $j1 i32) (local $r v128) (local $ln v128) (local $db v128) (local $peak f64)
    (local $pair v128) (local $cell f64)
    (local.set $peak (f64.const -inf))
    (local.set $pair (v128.const f64x2 -inf -inf))
    (local.set $end (i32.add (local.get $src) (i32.shl (i32.and (local.get $count) (i32.const -2)) (i32.const 2))))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $words (v128.load64_zero (local.get $src)))
        (local.set $values (f64x2.promote_low_f32x4 (local.get $words)))
        (local.set $e (v128.and (i32x4.shr_u (local.get $words) (i32.const 23)) (v128.const i32x4 255 255 255 255)))
        ;; value > amin, and 0 < e < 255 (normal, finite): lanes 0 and 1 widened to 64-bit masks.
        (local.set $ok
          (v128.and
            (f64x2.gt (local.get $values) (f64x2.splat (local.get $amin)))
            (i64x2.extend_low_i32x4_s
              (i32x4.lt_u (i32x4.sub (local.get $e) (v128.const i32x4 1 1 1 1)) (v128.const i32x4 254 254 254 254)))))
        (if (i64x2.all_true (local.get $ok))
          (then
            (local.set $j0 (i32.add (local.get $tables)
              (i32.shl (i32.and (i32.shr_u (i32x4.extract_lane 0 (local.get $words)) (i32.const 16)) (i32.const 127)) (i32.const 3))))
            (local.set $j1 (i32.add (local.get $tables)
              (i32.shl (i32.and (i32.shr_u (i32x4.extract_lane 1 (local.get $words)) (i32.const 16)) (i32.const 127)) (i32.const 3))))
            (local.set $r
              (f64x2.sub
                (f64x2.mul
                  (f64x2.add (v128.const f64x2 1 1)
                    (f64x2.mul
                      (f64x2.convert_low_i32x4_u (v128.and (local.get $words) (v128.const i32x4 0x7fffff 0x7fffff 0x7fffff 0x7fffff)))
                      (v128.const f64x2 0x1p-23 0x1p-23)))
                  (f64x2.replace_lane 1 (f64x2.splat (f64.load (local.get $j0))) (f64.load (local.get $j1))))
                (v128.const f64x2 1 1)))
            (local.set $ln
              (f64x2.add
                (f64x2.add
                  (f64x2.mul
                    (f64x2.convert_low_i32x4_s (i32x4.sub (local.get $e) (v128.const i32x4 127 127 127 127)))
                    (v128.const f64x2 0x1.62e42fefa39efp-1 0x1.62e42fefa39efp-1))
                  (f64x2.replace_lane 1
                    (f64x2.splat (f64.load offset=1024 (local.get $j0)))
                    (f64.load offset=1024 (local.get $j1))))
                (call $seriesPair (local.get $r))))
            (local.set $db
              (f64x2.sub (f64x2.mul (f64x2.splat (local.get $scale)) (local.get $ln)) (f64x2.splat (local.get $offset))))
            (v128.store64_lane 0 (local.get $dst) (f32x4.demote_f64x2_zero (local.get $db)))
            ;; None of these is NaN, so pmax is the JS `if (db > peak)`.
            (local.set $pair (f64x2.pmax (local.get $pair) (local.get $db))))
          (else
            (local.set $cell (call $cellDb (local.get $src) (local.get $tables) (local.get $amin) (local.get $scale) (local.get $offset)))
            (f32.store (local.get $dst) (f32.demote_f64 (local.get $cell)))
            (if (f64.gt (local.get $cell) (local.get $peak)) (then (local.set $peak (local.get $cell))))
            (local.set $cell (call $cellDb (i32.add (local.get $src) (i32.const 4)) (local.get $tables) (local.get $amin) (local.get $scale) (local.get $offset)))
            (f32.store offset=4 (local.get $dst) (f32.demote_f64 (local.get $cell)))
            (if (f64.gt (local.get $cell) (local.get $peak)) (then (local.set $peak (local.get $cell))))))
        (local.set $src (i32.add (local.get $src) (i32.const 8)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (br $pairs)))
    (if (i32.and (local.get $count) (i32.const 1))
      (then
        (local.set $cell (call $cellDb (local.get $src) (local.get $tables) (local.get $amin) (local.get $scale) (local.get $offset)))
        (f32.store (local.get $dst) (f32.demote_f64 (local.get $cell)))
        (if (f64.gt (local.get $cell) (local.get $peak)) (then (local.set $peak (local.get $cell))))))
    (if (f64.gt (f64x2.extract_lane 0 (local.get $pair)) (local.get $peak))
      (then (local.set $peak (f64x2.extract_lane 0 (local.get $pair)))))
    (if (f64.gt (f64x2.extract_lane 1 (local.get $pair)) (local.get $peak))
      (then (local.set $peak (f64x2.extract_lane 1 (local.get $pair)))))
    (local.get $peak))

  ;; x < floor ? floor : x for count floats at dst (NaN kept), as powerToDb's topDb clipping.
  (func (export "clampBelow") (param $dst i32) (param $count i32) (param $floor f32)
    (local $end i32) (local $floors v128)
    (local.set $floors (f32x4.splat (local.get $floor)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (i32.and (local.get $count) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $quads
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store (local.get $dst) (f32x4.pmax (v128.load (local.get $dst)) (local.get $floors)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $quads)))
    (local.set $end (i32.add (local.get $end) (i32.shl (i32.and (local.get $count) (i32.const 3)) (i32.const 2))))
    (block $tail_done
      (loop $tail
        (br_if $tail_done (i32.ge_u (local.get $dst) (local.get $end)))
        (if (f32.lt (f32.load (local.get $dst)) (local.get $floor))
          (then (f32.store (local.get $dst) (local.get $floor))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $tail))))
)
