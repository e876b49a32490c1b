"""Use cases of the sales service (流程01–06): one function each, a command in, a result out.

Each takes its command and, by keyword, the dependencies it needs (:mod:`shared.messaging.operations`);
it loads the lead aggregate through the abstract unit of work, lets it apply the rules and
publishes the events it recorded. One module per stage of the lead: reception (``leads``),
the measurement visit (``measurements``) and the design versions (``designs``).
"""
