namespace ActivityFlow.Internal
{
    /// <summary>What a span looks like in Sentry: op, description, transaction source, status, origin.</summary>
    internal struct SpanShape
    {
        public string Op;
        public string Description;
        public string Source;
        public string Status;
        public string Origin;
        public int? HttpStatusCode;

        /// <summary>The error detail for Span v2 (<c>sentry.status.message</c>), when the status is not ok.</summary>
        public string? StatusMessage;

        /// <summary><c>otel.status_description</c>: the Activity's status description when it failed, else the tag of that name.</summary>
        public string? StatusDescription;

        /// <summary>Still running when exported (at shutdown): status <c>deadline_exceeded</c>, marked <c>activityflow.unfinished</c>.</summary>
        public bool Unfinished;

        public bool IsError => Status != "ok" && Status != "cancelled";
    }
}
