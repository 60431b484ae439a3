import DequeModule
import Encoder
import Foundation
import NIOCore

/// A session's recent HLS segments, cut from the frames it publishes: the live playlist lists
/// the newest complete ones (and the parts of the newest, for low-latency players), and older
/// ones stay fetchable a while after they leave it (RFC 8216 §6.2.2). Memory is bounded by
/// `retainedSegments`. Requests that wait for audio not made yet (blocking playlist reloads,
/// the preload hint's part, a first playlist) wait here until it is.
struct HLSWindow: Sendable {
    struct Layout: Sendable {
        let framesPerSegment: Int
        let framesPerPart: Int
        let samplesPerFrame: Int
        let sampleRate: Int
        /// Complete segments the playlist lists: at least three target durations.
        let listedSegments: Int
        /// Complete segments kept: those listed, and those that left the playlist for as long
        /// as one segment plus the playlist lasts, and one more.
        var retainedSegments: Int { 2 * listedSegments + 2 }
        var segmentSeconds: Double { Double(framesPerSegment * samplesPerFrame) / Double(sampleRate) }
        var partSeconds: Double { Double(framesPerPart * samplesPerFrame) / Double(sampleRate) }
        /// EXT-X-TARGETDURATION: every segment's duration rounded is at most this.
        var targetDuration: Int { max(1, Int(segmentSeconds.rounded())) }
        /// Complete segments a playlist lists before it is first answered: three target
        /// durations, so a player has a segment to start from that far from the end.
        var startableSegments: Int { min(listedSegments, Int((3 * Double(targetDuration) / segmentSeconds).rounded(.up))) }
        /// Bytes of one segment's frames, a little over.
        var segmentCapacity: Int
    }

    /// What a waiting request waits for.
    enum Wanted: Equatable, Sendable {
        /// A playlist with segment `msn` complete, or its part `part` (`_HLS_msn`, `_HLS_part`).
        case playlist(msn: Int, part: Int?)
        /// Any complete segment: a first playlist for a player that does not block.
        case anySegment
        /// At least this many complete segments listed since the last discontinuity.
        case listed(Int)
        /// One part (the preload hint's).
        case part(sequence: Int, index: Int)
    }

    struct Waiter: Sendable {
        let wanted: Wanted
        let promise: EventLoopPromise<Void>
        let id: Int
    }

    let layout: Layout
    private(set) var segments = Deque<HLSSegment>()
    private var nextSequence = 0
    /// Discontinuities in segments no longer kept.
    private var droppedDiscontinuities = 0
    /// The next frame starts a new segment with a discontinuity: the session was quiet.
    private var gap = false
    private var transportStream = TransportStreamWriter()
    private var waiters: [Waiter] = []
    private var nextWaiterID = 0

    init(layout: Layout) { self.layout = layout }

    /// The segment being filled, or the newest.
    var newest: HLSSegment? { segments.last }
    var hasCompleteSegment: Bool { segments.contains { $0.isComplete } }
    /// Complete segments in the playlist, oldest first.
    var listed: [HLSSegment] {
        Array(segments.filter(\.isComplete).suffix(layout.listedSegments))
    }

    // MARK: Filling (render thread, under the session's lock)

    /// The stream resumes after a quiet spell: what comes next starts a segment of its own.
    mutating func markGap() { gap = true }

    /// Adds a published chunk's frames. `title` goes into the tags of segments and parts begun
    /// here; `date(frame)` is the wall-clock time of a stream frame. Returns the waiters now
    /// satisfied, to be completed outside the lock.
    mutating func append(_ chunk: FrameChunk, title: String, date: (Int) -> Date) -> [EventLoopPromise<Void>] {
        var frame = chunk.firstFrame
        var offset = chunk.bytes.readerIndex
        while frame < chunk.endFrame {
            if gap || segments.last.map({ $0.isComplete || $0.endFrame != frame }) ?? true {
                startSegment(at: frame, date: date(frame), title: title)
            }
            var segment = segments.removeLast()
            if segment.openPart == nil { segment.startPart(tag: tag(at: frame, title: title)) }
            let room = min(layout.framesPerPart - segment.openPart!.frameCount, layout.framesPerSegment - segment.frameCount)
            let count = min(room, chunk.endFrame - frame)
            let length = Self.byteLength(of: count, in: chunk.bytes, at: offset)
            segment.append(chunk.bytes.getSlice(at: offset, length: length)!, frames: count)
            offset += length
            frame += count
            if segment.frameCount == layout.framesPerSegment {
                complete(&segment)
            } else if segment.openPart!.frameCount == layout.framesPerPart {
                segment.completePart()
            }
            segments.append(segment)
        }
        return takeSatisfiedWaiters()
    }

    /// Drops every segment (the session released its engine); sequence numbers go on.
    mutating func removeAll() {
        if !segments.isEmpty { gap = true }
        droppedDiscontinuities += segments.filter(\.discontinuity).count
        segments.removeAll()
    }

    private mutating func startSegment(at frame: Int, date: Date, title: String) {
        if var open = segments.popLast() {
            if !open.isComplete, open.frameCount > 0 { complete(&open) }
            if open.frameCount > 0 { segments.append(open) }
        }
        segments.append(HLSSegment(sequence: nextSequence, firstFrame: frame, programDate: date,
                                   discontinuity: gap && !segments.isEmpty, tag: tag(at: frame, title: title),
                                   capacity: layout.segmentCapacity))
        nextSequence += 1
        gap = false
        // The segment being filled is not one of the retained complete ones.
        while segments.count > layout.retainedSegments + 1 {
            if segments.removeFirst().discontinuity { droppedDiscontinuities += 1 }
        }
    }

    private mutating func complete(_ segment: inout HLSSegment) {
        segment.complete()
        segment.attach(transportStream: transportStream.segment(
            segment.frames, firstSample: segment.firstFrame * layout.samplesPerFrame,
            sampleRate: layout.sampleRate, samplesPerFrame: layout.samplesPerFrame))
    }

    private func tag(at frame: Int, title: String) -> [UInt8] {
        PackedAudioTag.bytes(firstSample: frame * layout.samplesPerFrame, sampleRate: layout.sampleRate, title: title)
    }

    /// Bytes of `count` whole frames from `offset`: frame lengths vary (padding), so the
    /// headers are read.
    private static func byteLength(of count: Int, in bytes: ByteBuffer, at offset: Int) -> Int {
        bytes.withUnsafeReadableBytes { raw -> Int in
            var length = 0
            let start = offset - bytes.readerIndex
            for _ in 0..<count {
                guard let header = MP3FrameHeader(raw, at: start + length) else { return raw.count - start }
                length += header.length
            }
            return length
        }
    }

    // MARK: Lookups

    /// EXT-X-DISCONTINUITY-SEQUENCE for a playlist starting at `sequence`: the discontinuities
    /// before it.
    func discontinuities(before sequence: Int) -> Int {
        droppedDiscontinuities + segments.prefix { $0.sequence < sequence }.filter(\.discontinuity).count
    }

    /// A complete segment still kept.
    func segment(_ sequence: Int) -> HLSSegment? {
        segments.first { $0.sequence == sequence && $0.isComplete }
    }

    /// A complete part's bytes and validator.
    func part(_ sequence: Int, _ index: Int) -> (body: [ByteBuffer], etag: String)? {
        guard let segment = segments.first(where: { $0.sequence == sequence }), index < segment.parts.count,
              let etag = segment.parts[index].etag else { return nil }
        return (segment.body(ofPart: index), etag)
    }

    /// Sequence numbers of segments kept: older ones are gone for good, newer not made yet.
    var sequences: ClosedRange<Int>? {
        guard let first = segments.first, let last = segments.last else { return nil }
        return first.sequence...last.sequence
    }

    /// What a playlist request without `_HLS_msn` waits for. A player starts three target
    /// durations from the end of the playlist it gets (RFC 8216 §6.3.3): until the playlist
    /// is that long (a session just woken), it waits for that; and once more than a quarter
    /// of the segment being made is done, it waits for that segment (at most three quarters
    /// of one), so the newest listed is never older than a quarter segment and the player
    /// starts within three and a quarter segments of the live edge.
    var freshPlaylist: Wanted {
        let listing = Wanted.listed(layout.startableSegments)
        guard isSatisfied(listing) else { return listing }
        guard let newest, !newest.isComplete, newest.frameCount * 4 > layout.framesPerSegment else { return .anySegment }
        return .playlist(msn: newest.sequence, part: nil)
    }

    func isSatisfied(_ wanted: Wanted) -> Bool {
        switch wanted {
        case .anySegment:
            return hasCompleteSegment
        case .listed(let count):
            // Counted back to the last discontinuity (none count while one is due): a player
            // starting that far from the end hears the session as it plays now, not what it
            // played before a quiet spell.
            guard !gap else { return false }
            var complete = 0
            for segment in segments.reversed() {
                if segment.isComplete { complete += 1 }
                if complete >= count || segment.discontinuity { break }
            }
            return complete >= count
        case .playlist(let msn, let part):
            guard let newest else { return false }
            if newest.sequence > msn { return true }
            guard newest.sequence == msn else { return false }
            if newest.isComplete { return true }
            guard let part else { return false }
            return newest.completeParts > part
        case .part(let sequence, let index):
            return part(sequence, index) != nil
        }
    }

    // MARK: Waiting

    /// Requests are waiting: their viewers are present however long they wait.
    var hasWaiters: Bool { !waiters.isEmpty }

    /// Registers a request waiting for `wanted`; returns its id, to give up with `cancel`.
    mutating func wait(for wanted: Wanted, promise: EventLoopPromise<Void>) -> Int {
        nextWaiterID += 1
        waiters.append(Waiter(wanted: wanted, promise: promise, id: nextWaiterID))
        return nextWaiterID
    }

    /// Removes a waiter that timed out; false if it was already satisfied.
    mutating func cancel(_ id: Int) -> Bool {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return false }
        waiters.remove(at: index)
        return true
    }

    /// Every waiter, for a session that ended.
    mutating func takeAllWaiters() -> [EventLoopPromise<Void>] {
        defer { waiters.removeAll() }
        return waiters.map(\.promise)
    }

    private mutating func takeSatisfiedWaiters() -> [EventLoopPromise<Void>] {
        guard !waiters.isEmpty else { return [] }
        let ready = waiters.filter { isSatisfied($0.wanted) }
        guard !ready.isEmpty else { return [] }
        waiters.removeAll { waiter in ready.contains { $0.id == waiter.id } }
        return ready.map(\.promise)
    }
}
