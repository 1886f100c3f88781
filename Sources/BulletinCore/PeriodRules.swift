/// The year a figure describes.
enum PeriodRules {
    static func period(
        document: Document,
        sentence: Document.Sentence,
        quantity q: Quantity,
        lead: ScalarString,
        trailRange: Range<Int>,
        status: inout FigureStatus
    ) -> Int? {
        let years = document.years
        let line = document.lines[sentence.line].range
        // 比上年的78家, 上年为…: the year before.
        let previousYear = previousYearWords.isSuffix(of: lead)
        var explicit: Int?
        // Nearest year before the figure in its sentence, else after it in its clause (获得2022年度…奖).
        // 与2018年相比, 比2018年, 较2018年: the base of a comparison, not the figure's year.
        let view = document.view
        // But 比2024年的3012家: the figure is that year's own.
        let isBase = { (y: YearMention) in
            y.start > 0 && ["与", "比", "较", "同"].contains(view[y.start - 1])
                && !(q.leadStart - y.end <= 1 && (y.end == q.leadStart || view[y.end] == "的"))
        }
        // `years` is in text order: each search looks at the mentions inside its range only, found by
        // bisection (a scan of every mention for every figure made megabyte pages quadratic).
        if let y = lastYear(years, in: sentence.range.lowerBound..<q.leadStart, where: { !isBase($0) }) {
            explicit = y.year
        } else if let y = firstYear(years, in: trailRange) {
            explicit = y.year
        }
        var year: Int?
        let clause = ScalarString(
            document.view[
                Clauses.start(document.view, before: q.leadStart, floor: sentence.range.lowerBound)..<q.leadStart
            ]
        )
        let sentenceBefore = ScalarString(document.view[sentence.range.lowerBound..<q.leadStart])
        if let e = explicit {
            year = e
        } else if clause.hasPrefix("去年") || clause.hasPrefix("上年") || lead.hasPrefix("去年") {
            // 去年有3项成果…: the year before the report's.
            year = document.reportYear.map { $0 - 1 }
        } else if nowWords.occurs(in: sentenceBefore) {
            // 截至目前: the time of writing.
            year = document.published?.year ?? document.reportYear
        } else if let y = lastYear(years, in: line.lowerBound..<q.leadStart, where: { !isBase($0) }) {
            // a year earlier in the paragraph
            year = y.year
        } else if status == .target, forecastWords.occurs(in: sentenceBefore) {
            // 预计全年…增长10%: a forecast of the year reported on.
            year = document.reportYear
        } else {
            year = status == .target ? document.planYear : document.reportYear
        }
        // A year after the reported one, stated in a report about the past, is a plan.
        if status == .actual, let y = explicit, let r = document.reportYear, y > r,
            let p = document.published, y >= p.year, y > r
        {
            status = .target
        }
        if status == .actual, let y = year, let r = document.reportYear, y > r, explicit == nil {
            year = r
        }
        if previousYear, let y = year { return y - 1 }
        return year
    }

    /// Words ending a lead that make the figure the year before's (比上年的78家, 上年为…).
    private static let previousYearWords: WordList = ["上年的", "去年的", "上年", "去年", "上年同期的", "上年为", "去年为"]
    /// Words of the time of writing (截至目前).
    private static let nowWords: WordList = ["截至目前", "截止目前", "目前", "至今", "当前", "现有"]
    /// Words of a forecast of the reported year (预计全年).
    private static let forecastWords: WordList = ["预计全年", "全年预计", "预计今年", "今年预计"]

    /// The last mention lying wholly in `range` that satisfies `accept`.
    static func lastYear(_ years: [YearMention], in range: Range<Int>, where accept: (YearMention) -> Bool)
        -> YearMention?
    {
        var j = years.partitionIndex { $0.start >= range.upperBound } - 1
        while j >= 0, years[j].start >= range.lowerBound {
            if years[j].end <= range.upperBound, accept(years[j]) { return years[j] }
            j -= 1
        }
        return nil
    }

    /// The first mention lying wholly in `range`.
    static func firstYear(_ years: [YearMention], in range: Range<Int>) -> YearMention? {
        var j = years.partitionIndex { $0.start >= range.lowerBound }
        while j < years.count, years[j].start < range.upperBound {
            if years[j].end <= range.upperBound { return years[j] }
            j += 1
        }
        return nil
    }

    static func tablePeriod(document: Document, cell: TableCell) -> Int? {
        if let y = cell.columnYear { return y }
        // The table's caption: the nearest year above the table.
        if let y = lastYear(document.years, in: 0..<cell.rowRange.lowerBound, where: { _ in true }) { return y.year }
        return document.reportYear
    }
}
