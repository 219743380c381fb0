package catalog

// ChairPage is one page of catalog results.
type ChairPage struct {
	Chairs []Chair
	Total  int
}

// BrandCount is a brand with the number of its chairs in the catalog.
type BrandCount struct {
	Brand
	Chairs int
}

// RetailerCount is a retailer with its number of offers.
type RetailerCount struct {
	Retailer
	Offers int
}

// ChairEntry is a chair in the admin's list, retired ones included.
type ChairEntry struct {
	Slug, Name, BrandName string
	Retired               bool
	Offers                int
}

// ChairRecord is a chair as the admin edits it: retired or not, with its
// specs' sources and its offers.
type ChairRecord struct {
	Chair
	Retired bool
}
