;; Loops over tfjs-backend-wasm's own heap. This module imports the backend's memory (shared in the
;; threaded build, plain otherwise: the build script writes both variants from this text), so it reads and
;; writes tensors where they lie, with no copy in or out. Our training kernels used to run these loops in
;; JavaScript over typed-array views (2-5 ns a float); here they are WebAssembly, SIMD where it pays.
;;
;; Every address is a byte offset into the heap, every stride and length counts float32 elements. The
;; arithmetic is the JavaScript's operation for operation in float64, so results are equal to the bit
;; (heap-kernels.test.ts holds each to the loop it replaces).
(module
  (import "env" "memory" (memory 1))

  ;; dst[c * dstStride + r] = src[r * srcStride + c] for r < rows, c < cols: a [rows, cols] block (rows
  ;; srcStride apart) written transposed. 4 x 4 tiles go through SIMD registers (four loads, eight
  ;; shuffles, four stores); the last rows and columns one float at a time.
  (func $transpose (export "transpose")
    (param $dst i32) (param $dstStride i32) (param $src i32) (param $srcStride i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $rows4 i32) (local $cols4 i32) (local $ss i32) (local $ds i32)
    (local $s i32) (local $d i32)
    (local $a v128) (local $b v128) (local $e v128) (local $f v128) (local $t0 v128) (local $t1 v128)
    (local $t2 v128) (local $t3 v128)
    (local.set $ss (i32.shl (local.get $srcStride) (i32.const 2)))
    (local.set $ds (i32.shl (local.get $dstStride) (i32.const 2)))
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $r (i32.const 0))
    (block $tilesDone
      (br_if $tilesDone (i32.ge_u (local.get $r) (local.get $rows4)))
      (loop $tileRows
        (local.set $c (i32.const 0))
        (block $rowDone
          (br_if $rowDone (i32.ge_u (local.get $c) (local.get $cols4)))
          (loop $tileCols
            ;; s = src + (r * srcStride + c) * 4, d = dst + (c * dstStride + r) * 4
            (local.set $s (i32.add (local.get $src)
              (i32.shl (i32.add (i32.mul (local.get $r) (local.get $srcStride)) (local.get $c)) (i32.const 2))))
            (local.set $d (i32.add (local.get $dst)
              (i32.shl (i32.add (i32.mul (local.get $c) (local.get $dstStride)) (local.get $r)) (i32.const 2))))
            (local.set $a (v128.load align=4 (local.get $s)))
            (local.set $b (v128.load align=4 (i32.add (local.get $s) (local.get $ss))))
            (local.set $e (v128.load align=4 (i32.add (local.get $s) (i32.shl (local.get $ss) (i32.const 1)))))
            (local.set $f (v128.load align=4
              (i32.add (local.get $s) (i32.add (local.get $ss) (i32.shl (local.get $ss) (i32.const 1))))))
            ;; [a0 b0 a1 b1], [a2 b2 a3 b3], [e0 f0 e1 f1], [e2 f2 e3 f3]
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b)))
            (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $e) (local.get $f)))
            (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $e) (local.get $f)))
            ;; columns c .. c + 3: [a_k b_k e_k f_k]
            (v128.store align=4 (local.get $d)
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
            (v128.store align=4 (i32.add (local.get $d) (local.get $ds))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
            (v128.store align=4 (i32.add (local.get $d) (i32.shl (local.get $ds) (i32.const 1)))
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
            (v128.store align=4
              (i32.add (local.get $d) (i32.add (local.get $ds) (i32.shl (local.get $ds) (i32.const 1))))
              (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br_if $tileCols (i32.lt_u (local.get $c) (local.get $cols4)))))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br_if $tileRows (i32.lt_u (local.get $r) (local.get $rows4)))))
    ;; the columns right of the tiles, for the tiled rows
    (call $transposeScalar (local.get $dst) (local.get $dstStride) (local.get $src) (local.get $srcStride)
      (i32.const 0) (local.get $rows4) (local.get $cols4) (local.get $cols))
    ;; the rows below the tiles, every column
    (call $transposeScalar (local.get $dst) (local.get $dstStride) (local.get $src) (local.get $srcStride)
      (local.get $rows4) (local.get $rows) (i32.const 0) (local.get $cols)))

  ;; The same for rows r0 <= r < r1 and columns c0 <= c < c1, one float at a time.
  (func $transposeScalar
    (param $dst i32) (param $dstStride i32) (param $src i32) (param $srcStride i32)
    (param $r0 i32) (param $r1 i32) (param $c0 i32) (param $c1 i32)
    (local $r i32) (local $c i32)
    (block $done
      (br_if $done (i32.or (i32.ge_u (local.get $r0) (local.get $r1)) (i32.ge_u (local.get $c0) (local.get $c1))))
      (local.set $c (local.get $c0))
      (loop $cols
        (local.set $r (local.get $r0))
        (loop $rows
          (f32.store
            (i32.add (local.get $dst)
              (i32.shl (i32.add (i32.mul (local.get $c) (local.get $dstStride)) (local.get $r)) (i32.const 2)))
            (f32.load
              (i32.add (local.get $src)
                (i32.shl (i32.add (i32.mul (local.get $r) (local.get $srcStride)) (local.get $c)) (i32.const 2)))))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $rows (i32.lt_u (local.get $r) (local.get $r1))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br_if $cols (i32.lt_u (local.get $c) (local.get $c1))))))

  ;; count rows of length floats, srcStride apart, to rows dstStride apart (memory.copy per row; rows of
  ;; up to 8 floats in a loop, cheaper than a call).
  (func (export "copyRows")
    (param $dst i32) (param $dstStride i32) (param $src i32) (param $srcStride i32) (param $count i32) (param $length i32)
    (local $ds i32) (local $ss i32) (local $bytes i32) (local $end i32) (local $i i32)
    (local.set $ds (i32.shl (local.get $dstStride) (i32.const 2)))
    (local.set $ss (i32.shl (local.get $srcStride) (i32.const 2)))
    (local.set $bytes (i32.shl (local.get $length) (i32.const 2)))
    (block $done
      (br_if $done (i32.or (i32.eqz (local.get $count)) (i32.eqz (local.get $length))))
      (local.set $end (i32.add (local.get $dst) (i32.mul (local.get $count) (local.get $ds))))
      (if (i32.le_u (local.get $length) (i32.const 8))
        (then
          (loop $short
            (local.set $i (i32.const 0))
            (loop $floats
              (f32.store (i32.add (local.get $dst) (local.get $i)) (f32.load (i32.add (local.get $src) (local.get $i))))
              (local.set $i (i32.add (local.get $i) (i32.const 4)))
              (br_if $floats (i32.lt_u (local.get $i) (local.get $bytes))))
            (local.set $dst (i32.add (local.get $dst) (local.get $ds)))
            (local.set $src (i32.add (local.get $src) (local.get $ss)))
            (br_if $short (i32.ne (local.get $dst) (local.get $end)))))
        (else
          (loop $long
            (memory.copy (local.get $dst) (local.get $src) (local.get $bytes))
            (local.set $dst (i32.add (local.get $dst) (local.get $ds)))
            (local.set $src (i32.add (local.get $src) (local.get $ss)))
            (br_if $long (i32.ne (local.get $dst) (local.get $end))))))))

  ;; dst[c] = float32(scale * sum over r of src[r * cols + c]), the sum in float64 in row order from 0:
  ;; the JavaScript's leading-axis Sum/Mean to the bit. Sixteen columns at a time in eight float64x2
  ;; accumulators (a cache line of each row), then the last columns one at a time.
  (func (export "sumRows") (param $dst i32) (param $src i32) (param $rows i32) (param $cols i32) (param $scale f64)
    (local $c i32) (local $cols16 i32) (local $p i32) (local $rowBytes i32) (local $end i32) (local $x v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $acc f64) (local $sc v128)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $cols16 (i32.and (local.get $cols) (i32.const -16)))
    (local.set $sc (f64x2.splat (local.get $scale)))
    (local.set $c (i32.const 0))
    (block $blocksDone
      (br_if $blocksDone (i32.ge_u (local.get $c) (local.get $cols16)))
      (loop $blocks
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $a4 (v128.const i64x2 0 0))
        (local.set $a5 (v128.const i64x2 0 0))
        (local.set $a6 (v128.const i64x2 0 0))
        (local.set $a7 (v128.const i64x2 0 0))
        (local.set $p (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $end (i32.add (local.get $p) (i32.mul (local.get $rows) (local.get $rowBytes))))
        (block $rowsDone
          (br_if $rowsDone (i32.eqz (local.get $rows)))
          (loop $rowLoop
            (local.set $x (v128.load align=4 (local.get $p)))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.promote_low_f32x4 (local.get $x))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x)))))
            (local.set $x (v128.load offset=16 align=4 (local.get $p)))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.promote_low_f32x4 (local.get $x))))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x)))))
            (local.set $x (v128.load offset=32 align=4 (local.get $p)))
            (local.set $a4 (f64x2.add (local.get $a4) (f64x2.promote_low_f32x4 (local.get $x))))
            (local.set $a5 (f64x2.add (local.get $a5) (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x)))))
            (local.set $x (v128.load offset=48 align=4 (local.get $p)))
            (local.set $a6 (f64x2.add (local.get $a6) (f64x2.promote_low_f32x4 (local.get $x))))
            (local.set $a7 (f64x2.add (local.get $a7) (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x)))))
            (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
            (br_if $rowLoop (i32.ne (local.get $p) (local.get $end)))))
        (local.set $p (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2))))
        (v128.store64_lane align=4 0 (local.get $p)
          (f32x4.demote_f64x2_zero (f64x2.mul (local.get $a0) (local.get $sc))))
        (v128.store64_lane offset=8 align=4 0 (local.get $p)
          (f32x4.demote_f64x2_zero (f64x2.mul (local.get $a1) (local.get $sc))))
        (v128.store64_lane offset=16 align=4 0 (local.get $p)
          (f32x4.demote_f64x2_zero (f64x2.mul (local.get $a2) (local.get $sc))))
        (v128.store64_lane offset=24 align=4 0 (local.get $p)
          (f32x4.demote_f64x2_zero (f64x2.mul (local.get $a3) (local.get $sc))))
        (v128.store64_lane offset=32 align=4 0 (local.get $p)
          (f32x4.demote_f64x2_zero (f64x2.mul (local.get $a4) (local.get $sc))))
        (v128.store64_lane offset=40 align=4 0 (local.get $p)
          (f32x4.demote_f64x2_zero (f64x2.mul (local.get $a5) (local.get $sc))))
        (v128.store64_lane offset=48 align=4 0 (local.get $p)
          (f32x4.demote_f64x2_zero (f64x2.mul (local.get $a6) (local.get $sc))))
        (v128.store64_lane offset=56 align=4 0 (local.get $p)
          (f32x4.demote_f64x2_zero (f64x2.mul (local.get $a7) (local.get $sc))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br_if $blocks (i32.lt_u (local.get $c) (local.get $cols16)))))
    ;; the last cols % 16 columns
    (block $tailDone
      (br_if $tailDone (i32.ge_u (local.get $c) (local.get $cols)))
      (loop $tail
        (local.set $acc (f64.const 0))
        (local.set $p (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $end (i32.add (local.get $p) (i32.mul (local.get $rows) (local.get $rowBytes))))
        (block $rowsDone
          (br_if $rowsDone (i32.eqz (local.get $rows)))
          (loop $rowLoop
            (local.set $acc (f64.add (local.get $acc) (f64.promote_f32 (f32.load (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
            (br_if $rowLoop (i32.ne (local.get $p) (local.get $end)))))
        (f32.store (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 2)))
          (f32.demote_f64 (f64.mul (local.get $acc) (local.get $scale))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br_if $tail (i32.lt_u (local.get $c) (local.get $cols))))))

  ;; dx = x > 0 ? dy : dy * alpha in float32, n elements (LeakyReLU's gradient: tfjs's
  ;; where(greater(x, 0), dy, mul(dy, alpha)) in one pass). Four at a time, the last ones alone.
  (func (export "leakyReluGrad") (param $dx i32) (param $dy i32) (param $x i32) (param $n i32) (param $alpha f32)
    (local $o i32) (local $end4 i32) (local $end i32) (local $d v128) (local $av v128) (local $ds f32)
    (local.set $av (f32x4.splat (local.get $alpha)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $o (i32.const 0))
    (block $quadsDone
      (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $end4)))
      (loop $quads
        (local.set $d (v128.load align=4 (i32.add (local.get $dy) (local.get $o))))
        (v128.store align=4 (i32.add (local.get $dx) (local.get $o))
          (v128.bitselect
            (local.get $d)
            (f32x4.mul (local.get $d) (local.get $av))
            (f32x4.gt (v128.load align=4 (i32.add (local.get $x) (local.get $o))) (v128.const f32x4 0 0 0 0))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br_if $quads (i32.lt_u (local.get $o) (local.get $end4)))))
    (block $done
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (loop $ones
        (local.set $ds (f32.load (i32.add (local.get $dy) (local.get $o))))
        (f32.store (i32.add (local.get $dx) (local.get $o))
          (select (local.get $ds) (f32.mul (local.get $ds) (local.get $alpha))
            (f32.gt (f32.load (i32.add (local.get $x) (local.get $o))) (f32.const 0))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br_if $ones (i32.lt_u (local.get $o) (local.get $end))))))

  ;; Adam, fused, as adam-update-kernel.ts's loop: with g, m, v, x read as float64,
  ;;   m' = beta1 * m + keep1 * g;  v' = beta2 * v + keep2 * g * g;  x' = x - stepSize * m' / (sqrt(v') + eps)
  ;; each stored as float32. Two elements at a time in float64x2, the last one alone.
  (func (export "adam")
    (param $x i32) (param $g i32) (param $m i32) (param $v i32)
    (param $x1 i32) (param $m1 i32) (param $v1 i32) (param $n i32)
    (param $beta1 f64) (param $beta2 f64) (param $keep1 f64) (param $keep2 f64) (param $eps f64) (param $stepSize f64)
    (local $i i32) (local $n2 i32) (local $o i32)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $b1 v128) (local $b2 v128) (local $k1 v128) (local $k2 v128) (local $ev v128) (local $sv v128)
    (local $gs f64) (local $ms f64) (local $vs f64)
    (local.set $b1 (f64x2.splat (local.get $beta1)))
    (local.set $b2 (f64x2.splat (local.get $beta2)))
    (local.set $k1 (f64x2.splat (local.get $keep1)))
    (local.set $k2 (f64x2.splat (local.get $keep2)))
    (local.set $ev (f64x2.splat (local.get $eps)))
    (local.set $sv (f64x2.splat (local.get $stepSize)))
    (local.set $n2 (i32.and (local.get $n) (i32.const -2)))
    (local.set $i (i32.const 0))
    (block $pairsDone
      (br_if $pairsDone (i32.ge_u (local.get $i) (local.get $n2)))
      (loop $pairs
        (local.set $o (i32.shl (local.get $i) (i32.const 2)))
        (local.set $gv (f64x2.promote_low_f32x4 (v128.load64_zero align=4 (i32.add (local.get $g) (local.get $o)))))
        (local.set $mv
          (f64x2.add
            (f64x2.mul (local.get $b1)
              (f64x2.promote_low_f32x4 (v128.load64_zero align=4 (i32.add (local.get $m) (local.get $o)))))
            (f64x2.mul (local.get $k1) (local.get $gv))))
        (local.set $vv
          (f64x2.add
            (f64x2.mul (local.get $b2)
              (f64x2.promote_low_f32x4 (v128.load64_zero align=4 (i32.add (local.get $v) (local.get $o)))))
            (f64x2.mul (f64x2.mul (local.get $k2) (local.get $gv)) (local.get $gv))))
        (v128.store64_lane align=4 0 (i32.add (local.get $m1) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $mv)))
        (v128.store64_lane align=4 0 (i32.add (local.get $v1) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $vv)))
        (v128.store64_lane align=4 0 (i32.add (local.get $x1) (local.get $o))
          (f32x4.demote_f64x2_zero
            (f64x2.sub
              (f64x2.promote_low_f32x4 (v128.load64_zero align=4 (i32.add (local.get $x) (local.get $o))))
              (f64x2.div (f64x2.mul (local.get $sv) (local.get $mv))
                         (f64x2.add (f64x2.sqrt (local.get $vv)) (local.get $ev))))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br_if $pairs (i32.lt_u (local.get $i) (local.get $n2)))))
    (if (i32.lt_u (local.get $i) (local.get $n))
      (then
        (local.set $o (i32.shl (local.get $i) (i32.const 2)))
        (local.set $gs (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $o)))))
        (local.set $ms
          (f64.add (f64.mul (local.get $beta1) (f64.promote_f32 (f32.load (i32.add (local.get $m) (local.get $o)))))
                   (f64.mul (local.get $keep1) (local.get $gs))))
        (local.set $vs
          (f64.add (f64.mul (local.get $beta2) (f64.promote_f32 (f32.load (i32.add (local.get $v) (local.get $o)))))
                   (f64.mul (f64.mul (local.get $keep2) (local.get $gs)) (local.get $gs))))
        (f32.store (i32.add (local.get $m1) (local.get $o)) (f32.demote_f64 (local.get $ms)))
        (f32.store (i32.add (local.get $v1) (local.get $o)) (f32.demote_f64 (local.get $vs)))
        (f32.store (i32.add (local.get $x1) (local.get $o))
          (f32.demote_f64
            (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $x) (local.get $o))))
                     (f64.div (f64.mul (local.get $stepSize) (local.get $ms))
                              (f64.add (f64.sqrt (local.get $vs)) (local.get $eps)))))))))
)
