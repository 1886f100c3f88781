import BulletinCore
import BulletinPlugins
import Foundation
import Testing

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Extraction properties on random input")
struct PropertyTests {
    static let words = [
        "高新技术企业", "科技型中小企业", "总数", "达到", "新增", "同比增长", "下降", "分别", "和", "、", "，", "。",
        "；", "|", "\n", "元", "亿", "万", "千", "百", "十", "家", "项", "人", "笔", "个", "%", "％", "倍",
        "个百分点", "余", "近", "超过", "突破", "以上", "第", "年", "年度", "2023", "×", "一", "两", "〇",
        "点", "百分之", "其中", "获得", "省科技进步奖", "一等奖", "入选", "瞪羚", "科技特派员", "选派",
        "工作站", "技术合同成交额", "科技贷", "争取", "资金", "完成", "目标任务的", "研发投入强度", "力争",
        "上年的", "青川市", "市级", "<p>", "&nbsp;", "１２", "．", "1,086", "3.5", "-", "至", "\u{3000}",
        // Words of the rules added since (each once behind a trap found by fuzzing real pages).
        "以来", "(", ")", "专精特新", "小巨人", "企业", "排名前五位的区是", "滨海新区", "认定", "培育", "由", "增至",
        "过去五年", "均值", "平均", "单位", "吴兴区", "万元", " ", "|\n", "“", "”", "等", "名单", "潜在", "分别以",
        "居前三", "比重", "占", "跃升至", "首破", "两个", "大关",
    ]

    static func randomText(_ rng: inout SeededRandom) -> String {
        var s = ""
        for _ in 0..<Int.random(in: 0...300, using: &rng) {
            s += words.randomElement(using: &rng)!
            if Int.random(in: 0..<4, using: &rng) == 0 { s += String(Int.random(in: 0...99999, using: &rng)) }
        }
        return s
    }

    @Test("evidence offsets, spans and values are sound, and extraction is deterministic")
    func soundness() throws {
        var rng = SeededRandom(state: 20_261_129)
        for _ in 0..<800 {
            let text = Self.randomText(&rng)
            let doc = try Document(bytes: Array(text.utf8) + Array("。".utf8), fileName: "r.txt")
            let obs = PluginRegistry.builtIn.extract(doc)
            for o in obs {
                #expect(
                    o.evidence.start >= 0 && o.evidence.start < o.evidence.end
                        && o.evidence.end <= doc.bodyScalars.count
                )
                let span = doc.text(o.evidence.start..<o.evidence.end)
                #expect(
                    span.unicodeScalars.contains {
                        ($0.value >= 0x30 && $0.value <= 0x39) || ChineseNumeral.isNumeralScalar($0) || $0 == "百"
                    },
                    "span \(span) holds no figure"
                )
                #expect(o.evidence.text.contains(span) || doc.body.contains(o.evidence.text))
                #expect(ExactDecimal(o.value.description) == o.value, "value \(o.value) is not canonical")
                #expect(
                    PluginRegistry.builtIn.plugin(named: o.plugin)?.keys.contains {
                        $0.name == o.key && $0.unit == o.unit
                    } == true
                )
            }
            let again = PluginRegistry.builtIn.extract(
                try Document(bytes: Array(text.utf8) + Array("。".utf8), fileName: "r.txt")
            )
            #expect(again.map(\.identity) == obs.map(\.identity))
        }
    }

    @Test("random bytes never crash the decoder; they decode or fail with a reason")
    func randomBytes() {
        var rng = SeededRandom(state: 7)
        for _ in 0..<300 {
            let bytes = (0..<Int.random(in: 0...2000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            do {
                let doc = try Document(bytes: bytes, fileName: "junk")
                _ = PluginRegistry.builtIn.extract(doc)
            } catch {
                #expect([.empty, .binary, .undecodable].contains(error.code))
            }
        }
    }
}
