import Recorder
