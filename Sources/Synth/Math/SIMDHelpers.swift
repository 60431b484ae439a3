// The standard library's SIMD `clamped`, `pointwiseMin/Max` and `.sum()` go through generic
// lane-by-lane code that is not always inlined; these use only comparisons, selects and
// half-vector adds, which compile to a few vector instructions.

extension SIMD8 where Scalar == Float {
    @inline(__always)
    func limited(_ low: Float, _ high: Float) -> SIMD8<Float> {
        replacing(with: low, where: self .< low).replacing(with: high, where: self .> high)
    }

    /// Round to nearest even for |x| < 2^22: adding 1.5·2^23 pushes the fraction out of the mantissa.
    @inline(__always)
    var roundedToNearest: SIMD8<Float> { (self + 12_582_912) - 12_582_912 }

    /// |x| by clearing the sign bit: one instruction, where a compare and select takes three.
    @inline(__always)
    var magnitude: SIMD8<Float> {
        unsafeBitCast(unsafeBitCast(self, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
    }
}

extension SIMDMask where Storage == SIMD8<Int32> {
    /// True if any lane is set. The standard library's `any(_:)` reduces lane by lane
    /// (22 instructions here); or-ing halves takes five.
    @inline(__always)
    var anySet: Bool {
        let lanes = unsafeBitCast(self, to: SIMD8<Int32>.self)
        let quarter = lanes.lowHalf | lanes.highHalf
        let pair = quarter.lowHalf | quarter.highHalf
        return (pair[0] | pair[1]) != 0
    }
}

// The same for four lanes: a voice group fills one SSE register.

extension SIMD4 where Scalar == Float {
    @inline(__always)
    func limited(_ low: Float, _ high: Float) -> SIMD4<Float> {
        replacing(with: low, where: self .< low).replacing(with: high, where: self .> high)
    }

    @inline(__always)
    var roundedToNearest: SIMD4<Float> { (self + 12_582_912) - 12_582_912 }

    /// |x| by clearing the sign bit (a compare and select leaves LLVM splitting the vector).
    @inline(__always)
    var magnitude: SIMD4<Float> {
        unsafeBitCast(unsafeBitCast(self, to: SIMD4<UInt32>.self) & 0x7FFF_FFFF, to: SIMD4<Float>.self)
    }

    /// Zero in the lanes outside `lanes`: one AND with the mask.
    @inline(__always)
    func kept(where lanes: SIMDMask<SIMD4<Int32>>) -> SIMD4<Float> {
        let bits = unsafeBitCast(self, to: SIMD4<Int32>.self) & unsafeBitCast(lanes, to: SIMD4<Int32>.self)
        return unsafeBitCast(bits, to: SIMD4<Float>.self)
    }

    /// The lane sums of four vectors, as one vector: the 4×4 transpose of `_MM_TRANSPOSE4_PS`
    /// (interleave, then move halves) with the adds folded in, nine vector operations.
    @inline(__always)
    static func laneSums(_ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>, _ d: SIMD4<Float>) -> SIMD4<Float> {
        let ab = SIMD4(a[0], b[0], a[1], b[1]) + SIMD4(a[2], b[2], a[3], b[3])  // unpcklps + unpckhps
        let cd = SIMD4(c[0], d[0], c[1], d[1]) + SIMD4(c[2], d[2], c[3], d[3])
        return SIMD4(lowHalf: ab.lowHalf, highHalf: cd.lowHalf) + SIMD4(lowHalf: ab.highHalf, highHalf: cd.highHalf)
    }
}

extension SIMDMask where Storage == SIMD4<Int32> {
    /// True if any lane is set (a movmsk and a test, where `any(_:)` reduces lane by lane).
    @inline(__always)
    var anySet: Bool {
        let lanes = unsafeBitCast(self, to: SIMD4<Int32>.self)
        let pair = lanes.lowHalf | lanes.highHalf
        return (pair[0] | pair[1]) != 0
    }
}

extension SIMD8 where Scalar == Float {
    /// Zero in the lanes outside `lanes`: one AND with the mask.
    @inline(__always)
    func kept(where lanes: SIMDMask<SIMD8<Int32>>) -> SIMD8<Float> {
        let bits = unsafeBitCast(self, to: SIMD8<Int32>.self) & unsafeBitCast(lanes, to: SIMD8<Int32>.self)
        return unsafeBitCast(bits, to: SIMD8<Float>.self)
    }
}

// The master bus's peaks and sums.

extension SIMD4 where Scalar == Float {
    /// The largest lane, by folding halves.
    @inline(__always)
    var largestLane: Float {
        let pair = lowHalf.replacing(with: highHalf, where: highHalf .> lowHalf)
        return Swift.max(pair[0], pair[1])
    }
}

@inline(__always)
func pointwiseMaximum(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
    a.replacing(with: b, where: b .> a)
}

@inline(__always)
func pointwiseMaximum(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    a.replacing(with: b, where: b .> a)
}
