extension RunConfiguration {
    /// This configuration run `count` times, in order: repeat r numbers its calls apart (`repeatIndex` r, so that
    /// each repeat samples answers of its own); a single run carries no repeat index.
    public func repeats(_ count: Int) -> [RunConfiguration] {
        guard count > 1 else { return [self] }
        return (1...count).map { index in
            var configuration = self
            configuration.repeatIndex = index
            return configuration
        }
    }
}
