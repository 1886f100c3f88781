import Testing

@testable import BulletinCore

@Suite("Partition index")
struct PartitionIndexTests {
    @Test func findsTheFirstElementPastTheBoundaryByBisection() {
        let starts = [2, 5, 5, 9, 14]
        for k in -1...16 {
            let linear = starts.firstIndex { $0 >= k } ?? starts.endIndex
            #expect(starts.partitionIndex { $0 >= k } == linear, "k = \(k)")
        }
        #expect([Int]().partitionIndex { $0 > 0 } == 0)
        #expect(starts[1...].partitionIndex { $0 > 5 } == 3)
    }
}
