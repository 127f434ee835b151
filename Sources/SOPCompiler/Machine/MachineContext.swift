extension SOPOutputContext {
    /// The SOP's state machine, for the machine emitters.
    public var machine: StateMachine { Lowering.lower(sop, model: model) }
}
