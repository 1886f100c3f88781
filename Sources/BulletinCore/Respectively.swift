/// 分别 lists: `A…、B…分别增长25%和18%` gives the N figures after 分别, in order, to the last N
/// places listed before it (`烟台、青岛、东营，产值分别为…`) or else to the last N distinct subjects
/// named before it; a change verb after 分别 makes each figure a change, a decline negative.
enum Respectively {
    struct Mapping {
        var subject: CueHit?
        var place: Places.Match?
        var change: Bool
        var decline: Bool
    }

    private static let marker: [Unicode.Scalar] = ["分", "别"]
    private static let changeVerbs = ["增长", "增加", "提高", "提升", "下降", "减少", "降低", "增幅", "增速"]
    private static let declineVerbs = ["下降", "减少", "降低"]

    /// The mapping of every figure (index into `quantities`) that a 分别 list covers.
    static func map(_ v: [Unicode.Scalar], sentence: Range<Int>, quantities qs: [Quantity], hits: [CueHit])
        -> [Int: Mapping]
    {
        var out: [Int: Mapping] = [:]
        var k = sentence.lowerBound
        while k + 1 < sentence.upperBound {
            defer { k += 1 }
            guard v[k] == marker[0], v[k + 1] == marker[1] else { continue }
            let clauseEnd = Clauses.end(v, after: k + 2, ceiling: sentence.upperBound)
            var figures = qs.indices.filter { qs[$0].start > k && qs[$0].end <= clauseEnd }
            // …分别以27.99亿元、15.91亿元、8.88亿元位居二至四位: a ranking after the list is no item.
            if let first = figures.first { figures.removeAll { qs[$0].unit != qs[first].unit } }
            guard figures.count >= 2 else { continue }
            let verb = ScalarString(v[(k + 2)..<max(k + 2, qs[figures[0]].start)])
            // 增长率分别为…, 增速分别是…: the measure named just before 分别 counts too.
            let measure = ScalarString(v[Clauses.start(v, before: k, floor: sentence.lowerBound)..<k])
            let change =
                changeVerbs.contains { verb.contains($0) }
                || ["增长率", "增速", "增幅", "同比增长", "增长"].contains { measure.hasSuffix($0) }
            let decline = declineVerbs.contains { verb.contains($0) }
            if let places = placeList(v, sentence.lowerBound..<k, count: figures.count) {
                for (i, f) in figures.enumerated() {
                    out[f] = Mapping(subject: nil, place: places[i], change: change, decline: decline)
                }
                continue
            }
            var subjects: [CueHit] = []
            // A boundary word right after a cue belongs to its noun (高新技术产业|增加值): not another subject.
            let words = hits.enumerated().filter { i, h in
                !(h.owner < 0 && i > 0 && hits[i - 1].range.upperBound == h.range.lowerBound)
            }.map(\.1)
            for h in words.reversed() where h.range.upperBound <= k && !h.isName && (h.owner >= 0 || h.boundaryOf != 0)
            {
                if !subjects.contains(where: {
                    $0.owner == h.owner && $0.subject == h.subject && $0.boundaryOf == h.boundaryOf
                }) {
                    subjects.insert(h, at: 0)
                }
                if subjects.count == figures.count { break }
            }
            guard subjects.count == figures.count else { continue }
            for (i, f) in figures.enumerated() {
                out[f] = Mapping(subject: subjects[i], place: nil, change: change, decline: decline)
            }
        }
        parallelLists(v, sentence: sentence, quantities: qs, hits: hits, into: &out)
        return out
    }

    /// `高新技术企业、科技型中小企业达6588家、6403家`: a list of subjects and a list of as many figures
    /// in one clause pair up in order, without 分别.
    private static func parallelLists(
        _ v: [Unicode.Scalar],
        sentence: Range<Int>,
        quantities qs: [Quantity],
        hits: [CueHit],
        into out: inout [Int: Mapping]
    ) {
        var i = 0
        while i < qs.count {
            var j = i
            while j + 1 < qs.count, isJoiner(v, qs[j].trailEnd..<qs[j + 1].leadStart) { j += 1 }
            defer { i = j + 1 }
            let run = Array(i...j)
            guard run.count >= 2, run.allSatisfy({ out[$0] == nil }) else { continue }
            let clause = Clauses.start(v, before: qs[i].leadStart, floor: sentence.lowerBound)
            let before = hits.filter {
                $0.range.lowerBound >= clause && $0.range.upperBound <= qs[i].leadStart && !$0.isName
            }
            guard before.count >= run.count else { continue }
            let list = Array(before.suffix(run.count))
            let joined = zip(list, list.dropFirst()).allSatisfy {
                isJoiner(v, $0.range.upperBound..<$1.range.lowerBound)
            }
            guard joined, Set(list.map { "\($0.owner).\($0.subject)" }).count == list.count else { continue }
            for (k, f) in run.enumerated() {
                out[f] = Mapping(subject: list[k], place: nil, change: false, decline: false)
            }
        }
    }

    /// The last run of exactly `count` places before `range.upperBound`, joined by 、 和 及 与.
    static func placeList(_ v: [Unicode.Scalar], _ range: Range<Int>, count: Int) -> [Places.Match]? {
        let places = Places.all(in: v, range)
        guard places.count >= count else { return nil }
        var runs: [[Places.Match]] = []
        for p in places {
            if var last = runs.last, let prev = last.last, isJoiner(v, prev.range.upperBound..<p.range.lowerBound) {
                last.append(p)
                runs[runs.count - 1] = last
            } else {
                runs.append([p])
            }
        }
        guard let run = runs.last(where: { $0.count == count }) else { return nil }
        return run
    }

    /// True when `gap` only joins two list items (、, 和, 及, 与, a comma).
    static func isJoiner(_ v: [Unicode.Scalar], _ gap: Range<Int>) -> Bool {
        guard gap.count <= 2 else { return false }
        return v[gap].allSatisfy { scalars1.contains($0) } && !gap.isEmpty
    }
}

// Character classes tested per scalar (see ``ScalarSet``).
private let scalars1 = ScalarSet("、和及与,，")
