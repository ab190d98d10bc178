from sendresolve.cli import main

raise SystemExit(main())
