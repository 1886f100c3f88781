/// What a `|` table's column header says, worked out once per column of a table instead of once
/// per numeric cell: its unit, year, plan and count flags, and the scalars its cells' candidates
/// read (a table of 30 rows used to rebuild all of these 30 times).
struct TableColumn {
    /// The unit the header names in parentheses (`（亿元）`), see `TableCell.headerUnit`.
    let unit: (QuantityUnit, String, Int)?
    /// True for a column of counts without a measure word (`合同数`, `企业数量`).
    let isCount: Bool
    /// The year the header opens with.
    let year: Int?
    /// True when the column holds plans.
    let isPlan: Bool
    /// The header's and caption's scalars.
    let scalars: TableCell.HeaderScalars

    init(header: String, growthOf: String?, caption: String?, planCaption: Bool, latestYear: Int?) {
        unit = TableCell.headerUnit(header)
        isCount = TableCell.isCountHeader(header)
        year = TableCell.headerYear(header)
        isPlan = TableCell.isPlanHeader(header) || planCaption && (year == nil || year == latestYear)
        scalars = TableCell.HeaderScalars(header: header, growthOf: growthOf, caption: caption)
    }
}

extension TableCell {
    /// A cell's column header and caption as scalars, made once per column: the candidate of every
    /// cell reads them (its lead, clause and sentence are the header and the caption).
    public struct HeaderScalars: Sendable, Hashable {
        /// The column header.
        public let header: ScalarString
        /// The caption, a blank and the header (`caption + " " + header`; the header alone
        /// without a caption).
        public let context: ScalarString
        /// The caption, a blank and `growthOf ?? header`: where the cell's cue words are looked for.
        public let view: [Unicode.Scalar]
        /// True for a growth column (`growthOf != nil` or a header of 增速, 增长, 同比…).
        public let isGrowth: Bool
        /// True when the header itself names growth (``TableCell/isGrowthHeader(_:)``).
        public let headerIsGrowth: Bool

        init(header: String, growthOf: String?, caption: String?) {
            let h = Array(header.unicodeScalars)
            var lead: [Unicode.Scalar] = []
            if let caption {
                lead = Array(caption.unicodeScalars)
                lead.append(" ")
            }
            self.header = ScalarString(ArraySlice(h))
            self.context = ScalarString(ArraySlice(lead + h))
            self.view = lead + (growthOf.map { Array($0.unicodeScalars) } ?? h)
            self.headerIsGrowth = TableCell.isGrowthHeader(header)
            self.isGrowth = growthOf != nil || headerIsGrowth
        }
    }
}
