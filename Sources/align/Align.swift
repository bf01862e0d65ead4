import ArgumentParser

/// `align`: self-aligning code-generation experiments that replay offline, bit for bit.
@main
struct Align: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Self-aligning LLM code-generation experiments, recorded and replayed from a content-hashed cache.",
        version: "0.1.0",
        subcommands: [RunCommand.self, SweepCommand.self, CompareCommand.self, RunsCommand.self, ShowRunCommand.self,
                      ReplayCommand.self, EvalCommand.self,
                      CostsCommand.self, ReportCommand.self, CacheCommand.self, ChatCommand.self, DoctorCommand.self]
    )
}
