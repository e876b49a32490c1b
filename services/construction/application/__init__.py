"""Use cases of the construction service: one function each, a command in, a result out.

Each takes its command and, by keyword, the dependencies it needs (:mod:`shared.messaging.operations`);
it loads aggregates through the abstract unit of work, lets them apply the rules and publishes the
events they recorded. ``projects`` (K01, K07, K14, K17), ``forms`` (P02, K02–K17), ``quality`` (K08).
"""
