/// A place a figure is about when it is not the document's own region.
enum RegionRules {
    private static let placeSuffix: Set<Unicode.Scalar> = ["市", "县", "区", "州"]
    private static let notPlaces: Set<Unicode.Scalar> = Set("全我本该各两三多每此全省级直辖城地山县乡".unicodeScalars)

    /// Place names opening a clause of the sentence (`分市看,青川市研发经费…`), with their offsets;
    /// `nil` names the document's own region.
    static func places(document: Document, sentence: Range<Int>) -> [(Int, String?)] {
        let v = document.view
        var out: [(Int, String?)] = []
        var k = sentence.lowerBound
        while k < sentence.upperBound {
            let atStart: Bool
            if k == sentence.lowerBound { atStart = true } else {
                switch v[k - 1] { case ",", "，", ";", ":", "、": atStart = true; default: atStart = false }
            }
            if atStart {
                for len in 2...3 {
                    let e = k + len
                    guard e < sentence.upperBound, placeSuffix.contains(v[e]) else { continue }
                    if v[k..<e].contains(where: { notPlaces.contains($0) || !isHan($0) }) { continue }
                    // 市科技局, 县财政: an office, not a place.
                    if e + 1 < v.count {
                        switch v[e + 1] { case "科", "政", "委", "直", "级", "属", "内", "外": continue; default: break }
                    }
                    let text = document.text(k..<(e + 1))
                    out.append((k, isSameAsDocument(text, document) ? nil : text))
                    break
                }
            }
            k += 1
        }
        return out
    }

    static func isSameAsDocument(_ place: String, _ document: Document) -> Bool {
        guard let r = document.region else { return false }
        let a = TextNormalizer.matchingView(Array(place.unicodeScalars))
        let b = TextNormalizer.matchingView(Array(r.unicodeScalars))
        if a == b { return true }
        // 霁川 vs 霁川市
        return a.count >= 2 && (b.starts(with: a) || a.starts(with: b))
    }

    private static func isHan(_ c: Unicode.Scalar) -> Bool { c.value >= 0x4E00 && c.value <= 0x9FFF }
}
