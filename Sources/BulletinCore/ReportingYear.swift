/// The year a bulletin reports on, and the year its plans are for.
///
/// A conference held in year Y (`召开2024年全县科技工作会议`) sums up Y−1; a summary titled
/// `2023年工作总结` or `2023年…综述` reports 2023; a mid-year report (`上半年`, `今年以来`)
/// reports its own year. Without a title year: published in the first quarter → the year before,
/// otherwise the year published. Plans without a named year are for the year after the
/// reported one, or the same year when the report is about the current year.
struct ReportingYear {
    var report: Int?
    var plan: Int?
    /// True for a plan (`2022年度工作计划`, `工作要点`): its figures are goals unless a clause
    /// speaks of the past.
    var isPlan = false

    /// Titles of plans, and words that make a title a report after all.
    static let planTitles = ["工作计划", "工作要点", "工作思路", "工作安排", "行动计划", "行动方案", "工作打算"]
    static let reportTitles = ["总结", "情况", "完成", "回顾", "汇报", "报告", "成效", "公报"]
    /// True when `report` comes from the title or the publication date, not from counting years.
    var isDated = false

    init(title: String?, published: DateParser.Day?, view: [Unicode.Scalar], years: [YearMention]) {
        var report: Int?
        if let t = title {
            let tv = TextNormalizer.matchingView(Array(t.unicodeScalars))
            let found = QuantityScanner().scan(tv).years
            if let y = found.first?.year {
                let ts = ScalarString(tv[...])
                let isMeeting = ts.contains("会议") || ts.contains("大会") || ts.contains("推进会")
                let isSummary =
                    ts.contains("总结") || ts.contains("综述") || ts.contains("指标") || ts.contains("情况")
                    || ts.contains("公报") || ts.contains("年报")
                report = isMeeting && !isSummary ? y - 1 : y
            }
            let ts = ScalarString(tv[...])
            isPlan = Self.planTitles.contains { ts.contains($0) } && !Self.reportTitles.contains { ts.contains($0) }
            // 2022年度工作计划: plans for 2022, written at the end of 2021.
            if isPlan, let y = found.first?.year { report = y - 1 }
        }
        let head = ScalarString(view.prefix(400))
        let currentYearWords =
            head.contains("上半年") || head.contains("今年以来") || head.contains("前三季度") || head.contains("一季度")
        if report == nil, let p = published {
            // Early in a year a bulletin usually sums up the year before, unless it only ever names
            // the current year (an event of this year: 2022年…出征仪式, 此次共选派…).
            let body = ScalarString(view[...])
            let onlyThisYear =
                years.contains { $0.year == p.year } && !years.contains { $0.year == p.year - 1 }
                && !body.contains("去年") && !body.contains("上年") && !body.contains("过去一年")
            report = currentYearWords || p.month > 3 || onlyThisYear ? p.year : p.year - 1
        }
        isDated = report != nil
        if report == nil {
            // the most named year in the text
            var counts: [Int: Int] = [:]
            for y in years { counts[y.year, default: 0] += 1 }
            report = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key
        }
        self.report = report
        if let r = report {
            if let p = published, p.year == r, currentYearWords, !isPlan { plan = r } else { plan = r + 1 }
        }
    }
}
