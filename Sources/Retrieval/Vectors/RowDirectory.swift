/// The ids of an index's rows and the row of each id, kept dense: removing a row moves the
/// last row into its place, so the vector storage stays one contiguous block with no holes
/// to skip during a scan.
struct RowDirectory: Sendable {
    /// The id of each row.
    private(set) var ids: [Int64] = []
    private var rowOfID: [Int64: Int] = [:]

    /// How many rows there are.
    var count: Int { ids.count }

    /// The row holding `id`, if any.
    func row(of id: Int64) -> Int? { rowOfID[id] }

    /// Reserves room for `capacity` rows.
    mutating func reserveCapacity(_ capacity: Int) {
        ids.reserveCapacity(capacity)
        rowOfID.reserveCapacity(capacity)
    }

    /// The row for `id`: its existing row, or a new row at the end (`isNew`).
    mutating func claim(_ id: Int64) -> (row: Int, isNew: Bool) {
        if let row = rowOfID[id] { return (row, false) }
        ids.append(id)
        rowOfID[id] = ids.count - 1
        return (ids.count - 1, true)
    }

    /// Forgets `id`. Returns its row and the last row, whose contents the caller must move
    /// into the freed row (they are equal when the removed row was the last), or nil.
    mutating func release(_ id: Int64) -> (row: Int, last: Int)? {
        guard let row = rowOfID.removeValue(forKey: id) else { return nil }
        let last = ids.count - 1
        if row != last {
            let moved = ids[last]
            ids[row] = moved
            rowOfID[moved] = row
        }
        ids.removeLast()
        return (row, last)
    }

    /// Approximate bytes held: the id array and the dictionary's keys, values and metadata.
    var byteCount: Int { ids.capacity * 8 + rowOfID.capacity * 17 }
}
