// One import for the command line, the fuzzer and the tests: every stage of the compiler.
@_exported import SOPChecks
@_exported import SOPDiagnostics
@_exported import SOPFont
@_exported import SOPFrontEnd
@_exported import SOPMachine
@_exported import SOPOutputs
@_exported import SOPRuntime
@_exported import SOPSystem
