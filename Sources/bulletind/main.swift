import BulletinCore
import BulletinPlugins
#if canImport(Glibc)
import Glibc
#endif

for path in CommandLine.arguments.dropFirst() {
    guard let f = fopen(path, "rb") else { continue }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true { let n = fread(&buf, 1, buf.count, f); if n <= 0 { break }; bytes.append(contentsOf: buf[0..<n]) }
    fclose(f)
    let doc = try Document(bytes: bytes, fileName: path)
    let obs = PluginRegistry.builtIn.extract(doc)
    print(doc.extractJSON(file: path, observations: obs))
}
