;; The whole per-frame loop of a mel spectrogram in one call, beside PFFFT in the same memory:
;; window (f32x4), PFFFT's ordered real transform (imported), |X|^2 or |X| (f32x4), and the sparse mel
;; sums (f32x4), written straight into the [mel][frame] output. Written by hand because every step other
;; than the FFT is a short loop over each element, which JavaScript runs one scalar at a time.
;; scripts/build-mel-frames-wasm.mjs compiles it (wabt) into src/fft/mel-frames-wasm.ts.
(module
  (import "env" "memory" (memory 1))
  ;; pffft_transform_ordered(setup, input, output, work, direction)
  (import "env" "transform" (func $transform (param i32 i32 i32 i32 i32)))

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
        (br $frames)))))
